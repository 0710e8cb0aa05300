// Runs a sizing scenario fixture (`sizing/<mode>.spec-fixture.json`) through computeTarget.
import { expect, it } from 'vitest';
import { computeTarget } from '../sizing/compute-target.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import { baseSettings } from './arbitraries.ts';

interface Market {
  masterEquity?: string;
  followerAvailableBalance?: string;
  contractValue: string;
  price: string;
}

export interface SizingFixture {
  scenarios: {
    name: string;
    /** Merged over `baseSettings`; JSON cannot carry the literal types, validateSettings checks them. */
    settings: Record<string, unknown>;
    market: Market;
    cases: ({ masterPosition: number; expected: Record<string, unknown> } & Partial<Market>)[];
  }[];
}

export function runSizingFixture(fixture: SizingFixture): void {
  for (const scenario of fixture.scenarios) {
    const settings = { ...baseSettings, multiplier: undefined, ...scenario.settings } as FollowSettings;
    for (const { masterPosition, expected, ...market } of scenario.cases) {
      it(`${scenario.name}: master ${masterPosition}`, () => {
        const result = computeTarget({ masterPosition, settings, ...scenario.market, ...market });
        expect(result).toEqual(expected);
      });
    }
  }
}
