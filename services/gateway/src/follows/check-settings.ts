import type { api } from '@copytrade/contracts';
import { type FollowSettings, validateSettings } from '@copytrade/copy-engine';
import { invalidFields } from '../errors/http-error.ts';

/** What a new follow gets for each setting it leaves out (the database's defaults). */
const defaults = {
  reverse: false,
  symbolAllowList: [],
  symbolDenyList: [],
  slippageAction: 'skip',
  driftPolicy: 'repair',
  driftTolerance: 0,
  maxCorrection: 100,
  status: 'active',
} as const;

type Settings = Partial<Omit<api.Follow, 'id' | 'masterAccountId' | 'followerAccountId'>> &
  Pick<api.Follow, 'mode'>;

/**
 * Copy-engine's cross-field rules (each mode's own field, ranges) over the settings a follow would
 * have after the change; a problem becomes a 400 naming the body field (`body.multiplier`).
 */
export function checkSettings(current: Settings | undefined, changes: api.FollowSettingsInput): void {
  const merged = { ...defaults, ...current, ...changes } as Record<string, unknown>;
  const settings = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== null && value !== undefined),
  ) as unknown as FollowSettings;
  const problems = validateSettings(settings);
  if (problems.length > 0)
    throw invalidFields(
      problems.map((problem) => ({ field: `body.${problem.split(' ')[0]}`, message: problem })),
    );
}
