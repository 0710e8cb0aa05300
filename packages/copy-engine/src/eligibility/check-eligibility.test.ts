import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../decimal/decimal.ts';
import { planOrders } from '../orders/plan-orders.ts';
import {
  baseSettings,
  nonNegativeDecimal,
  position,
  positiveDecimal,
  runs,
  settings,
} from '../test-support/arbitraries.ts';
import type { SkipReason } from '../types/skip-reason.ts';
import { checkEligibility, type EligibilityInput } from './check-eligibility.ts';
import { estimateMargin } from './margin.ts';

const base: EligibilityInput = {
  settings: baseSettings,
  symbol: 'BTCUSD',
  masterPosition: 10,
  lastTarget: 0,
  target: 5,
  followerEquity: '1000',
  peakEquity: '1000',
  dayStartEquity: '1000',
  availableBalance: '1000',
  contractValue: '0.001',
  price: '60000',
  masterPrice: '60000',
  leverage: '10',
};
const reasonOf = (input: Partial<EligibilityInput>) => {
  const r = checkEligibility({ ...base, ...input });
  return r.ok ? 'ok' : r.reason;
};

describe('checkEligibility examples', () => {
  it('lets a plain open through', () => {
    expect(checkEligibility(base)).toEqual({ ok: true });
  });

  const refusals: [SkipReason, Partial<EligibilityInput>][] = [
    ['follow_inactive', { settings: { ...baseSettings, status: 'stopped' as const } }],
    ['follow_frozen', { settings: { ...baseSettings, status: 'frozen' as const } }],
    ['close_only', { settings: { ...baseSettings, status: 'close_only' as const } }],
    ['symbol_denied', { settings: { ...baseSettings, symbolDenyList: ['btcusd'] } }],
    ['symbol_not_allowed', { settings: { ...baseSettings, symbolAllowList: ['ETHUSD'] } }],
    ['drawdown_limit', { settings: { ...baseSettings, maxDrawdownPct: '20' }, peakEquity: '1250' }],
    ['daily_loss_limit', { settings: { ...baseSettings, dailyLossLimit: '50' }, dayStartEquity: '1050' }],
    ['below_min_size', { target: 0 }],
    ['max_position', { lastTarget: 5, target: 5, capped: 'max_position' as const }],
    ['max_notional', { target: 0, capped: 'max_notional' as const }],
    // 5 * 0.001 * 60000 / 10 = 30 > 29.99
    ['insufficient_margin', { availableBalance: '29.99' }],
    ['slippage', { settings: { ...baseSettings, slippageLimitPct: '0.5' }, price: '60301' }],
    ['invalid_settings', { settings: { ...baseSettings, multiplier: 'x' } }],
    ['invalid_input', { leverage: '0' }],
  ];
  it.each(refusals)('%s', (reason, input) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it('passes just below each limit', () => {
    expect(reasonOf({ settings: { ...baseSettings, maxDrawdownPct: '20' }, peakEquity: '1249' })).toBe('ok');
    expect(reasonOf({ settings: { ...baseSettings, dailyLossLimit: '50' }, dayStartEquity: '1049.99' })).toBe(
      'ok',
    );
    expect(reasonOf({ availableBalance: '30' })).toBe('ok');
    expect(reasonOf({ settings: { ...baseSettings, slippageLimitPct: '0.5' }, price: '60300' })).toBe('ok');
    expect(reasonOf({ target: 0, masterPosition: 0 })).toBe('ok');
  });

  it("forgets yesterday's loss once the trading day has rolled over", () => {
    const loss = { settings: { ...baseSettings, dailyLossLimit: '50' }, dayStartEquity: '2000' };
    const dayStartedAt = Date.UTC(2025, 0, 1, 0, 0);
    expect(reasonOf({ ...loss, dayStartedAt, now: Date.UTC(2025, 0, 1, 23, 59) })).toBe('daily_loss_limit');
    expect(reasonOf({ ...loss, dayStartedAt, now: Date.UTC(2025, 0, 2, 0, 1) })).toBe('ok');
    // IST days start at 18:30 UTC
    expect(
      reasonOf({ ...loss, dayStartedAt, now: Date.UTC(2025, 0, 1, 18, 31), utcOffsetMinutes: 330 }),
    ).toBe('ok');
  });

  it('a frozen follow holds its target on a master exit; a close-only one exits', () => {
    const frozen = { ...baseSettings, status: 'frozen' as const };
    const closeOnly = { ...baseSettings, status: 'close_only' as const };
    expect(
      checkEligibility({ ...base, settings: frozen, masterPosition: 0, lastTarget: 4, target: 0 }),
    ).toMatchObject({ ok: false, reason: 'follow_frozen', fallbackTarget: 4 });
    expect(
      checkEligibility({ ...base, settings: closeOnly, masterPosition: 0, lastTarget: 4, target: 0 }),
    ).toEqual({
      ok: true,
    });
  });

  it('turns a blocked flip into a close and a blocked increase into no change', () => {
    const paused = { ...baseSettings, status: 'close_only' as const };
    expect(checkEligibility({ ...base, settings: paused, lastTarget: 4, target: -5 })).toMatchObject({
      ok: false,
      fallbackTarget: 0,
    });
    expect(checkEligibility({ ...base, settings: paused, lastTarget: 4, target: 9 })).toMatchObject({
      ok: false,
      fallbackTarget: 4,
    });
  });

  it('proceeds with a limit price at the master price ± limit, rounded inward to the tick', () => {
    const limit = { ...baseSettings, slippageLimitPct: '0.5', slippageAction: 'limit' as const };
    const buy = checkEligibility({ ...base, settings: limit, price: '60400', tickSize: '0.5' });
    expect(buy).toEqual({ ok: true, limitPrice: '60300' });
    const sell = checkEligibility({
      ...base,
      settings: limit,
      masterPosition: -10,
      target: -5,
      price: '59000',
      masterPrice: '60000.3',
      tickSize: '0.5',
    });
    // 60000.3 * 0.995 = 59700.2985 → up to the next tick
    expect(sell).toEqual({ ok: true, limitPrice: '59700.5' });
  });
});

// Half the accounts are healthy (at their peak, no loss today) so accepted openings are common too.
const equity = fc
  .tuple(
    fc.record({
      followerEquity: nonNegativeDecimal(100_000, 2),
      peakEquity: nonNegativeDecimal(100_000, 2),
      dayStartEquity: nonNegativeDecimal(100_000, 2),
      availableBalance: fc.oneof(
        nonNegativeDecimal(100_000_000, 2),
        positiveDecimal(1000, 2).map((d) => `-${d}`),
      ),
      contractValue: positiveDecimal(10, 4),
      price: positiveDecimal(100_000, 2),
      masterPrice: positiveDecimal(100_000, 2),
      leverage: positiveDecimal(100, 1),
      symbol: fc.constantFrom('BTCUSD', 'ETHUSD', 'SOLUSD'),
    }),
    fc.boolean(),
  )
  .map(([e, healthy]) =>
    healthy ? { ...e, peakEquity: e.followerEquity, dayStartEquity: e.followerEquity } : e,
  );
// Everything that could refuse an opening: close-only, every symbol denied, sometimes broken settings.
const anySettings = fc
  .tuple(settings(), fc.constantFrom<'active' | 'close_only'>('active', 'close_only'), fc.boolean())
  .map(([s, status, broken]) => ({
    ...s,
    ...(broken ? { mode: 'multiplier' as const, multiplier: 'junk' } : {}),
    status,
    symbolDenyList: ['BTCUSD', 'ETHUSD', 'SOLUSD'],
    symbolAllowList: ['XRPUSD'],
  }));
const anyInput = fc
  .tuple(settings(), equity, position(1000), position(1000), position(1000))
  .map(([s, e, masterPosition, lastTarget, target]) => ({
    ...base,
    ...e,
    settings: s,
    masterPosition,
    lastTarget,
    target,
  }));

describe('checkEligibility properties', () => {
  it('never blocks an exit or a reduction (even close-only, denied, in drawdown, out of margin)', () => {
    const shrinking = fc
      .tuple(
        position(1000).filter((n) => n !== 0),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([last, f]) => [last, Math.trunc(last * f)] as const)
      .filter(([last, target]) => target !== last);
    fc.assert(
      fc.property(
        anySettings,
        equity,
        shrinking,
        position(1000),
        (s, e, [lastTarget, target], masterPosition) => {
          const r = checkEligibility({ ...base, ...e, settings: s, lastTarget, target, masterPosition });
          expect(r).toEqual({ ok: true });
        },
      ),
      runs,
    );
  });

  it('a refusal falls back to a target that only reduces risk', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const r = checkEligibility(input);
        if (r.ok) return;
        for (const leg of planOrders(input.lastTarget, r.fallbackTarget)) expect(leg.reduceOnly).toBe(true);
      }),
      runs,
    );
  });

  it('an accepted opening fits the available balance and the risk limits', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const r = checkEligibility(input);
        const opening = planOrders(input.lastTarget, input.target).filter((l) => !l.reduceOnly);
        if (!r.ok || opening.length === 0) return;
        const size = opening.reduce((sum, l) => sum + l.size, 0);
        const margin = estimateMargin(size, input.contractValue, input.price, input.leverage);
        expect(margin.lte(input.availableBalance)).toBe(true);
        const { maxDrawdownPct, dailyLossLimit } = input.settings;
        const peak = new Dec(input.peakEquity);
        if (maxDrawdownPct !== undefined && peak.gt(0)) {
          expect(peak.minus(input.followerEquity).div(peak).mul(100).lt(maxDrawdownPct)).toBe(true);
        }
        if (dailyLossLimit !== undefined) {
          expect(new Dec(input.dayStartEquity).minus(input.followerEquity).lt(dailyLossLimit)).toBe(true);
        }
        if (r.limitPrice !== undefined) {
          const pct = new Dec(input.settings.slippageLimitPct ?? '0').div(100);
          const side = opening[0]?.side;
          if (side === 'buy')
            expect(new Dec(r.limitPrice).lte(new Dec(input.masterPrice).mul(pct.plus(1)))).toBe(true);
          else
            expect(new Dec(r.limitPrice).gte(new Dec(input.masterPrice).mul(new Dec(1).minus(pct)))).toBe(
              true,
            );
        }
      }),
      runs,
    );
  });
});
