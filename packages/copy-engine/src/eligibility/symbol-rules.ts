import type { FollowSettings } from '../types/follow-settings.ts';
import type { Skip } from '../types/skip-reason.ts';

const has = (list: string[], symbol: string) => list.some((s) => s.toUpperCase() === symbol.toUpperCase());

/** Deny wins over allow; an empty allow list allows every symbol. */
export function symbolSkip(settings: FollowSettings, symbol: string): Skip | undefined {
  if (has(settings.symbolDenyList, symbol)) {
    return { ok: false, reason: 'symbol_denied', detail: `${symbol} is on the deny list` };
  }
  if (settings.symbolAllowList.length > 0 && !has(settings.symbolAllowList, symbol)) {
    return { ok: false, reason: 'symbol_not_allowed', detail: `${symbol} is not on the allow list` };
  }
  return undefined;
}
