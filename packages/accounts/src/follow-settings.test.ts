import { validateSettings } from '@copytrade/copy-engine';
import { type Follow, Prisma } from '@copytrade/db';
import { describe, expect, it } from 'vitest';
import { toFollowSettings } from './follow-settings.ts';

const row = (over: Partial<Follow>): Follow => ({
  id: '00000000-0000-4000-8000-000000000001',
  masterAccountId: '00000000-0000-4000-8000-000000000002',
  followerAccountId: '00000000-0000-4000-8000-000000000003',
  mode: 'multiplier',
  reverse: false,
  multiplier: null,
  lotSize: null,
  capitalAllocated: null,
  balancePercentage: null,
  maxPosition: null,
  maxNotional: null,
  maxDrawdownPct: null,
  dailyLossLimit: null,
  symbolAllowList: [],
  symbolDenyList: [],
  slippageLimitPct: null,
  slippageAction: 'skip',
  driftPolicy: 'repair',
  driftTolerance: 0,
  maxCorrection: 100,
  status: 'active',
  maxSignalAgeMs: 30_000,
  restingOrderTtlMs: 10_000,
  repairReopen: true,
  riskExitFlatten: false,
  riskExitAt: null,
  riskExitReason: null,
  riskExitDetail: null,
  riskExitPending: false,
  unsubscribeMode: null,
  endedAt: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

describe('toFollowSettings', () => {
  it('turns decimals into plain decimal strings and leaves nulls out', () => {
    const settings = toFollowSettings(
      row({
        multiplier: new Prisma.Decimal('0.500000000000000000'),
        maxNotional: new Prisma.Decimal('0.0000001'),
        maxPosition: 0,
        symbolDenyList: ['ETHUSD'],
      }),
    );
    expect(settings).toEqual({
      mode: 'multiplier',
      reverse: false,
      multiplier: '0.5',
      maxNotional: '0.0000001',
      maxPosition: 0,
      symbolAllowList: [],
      symbolDenyList: ['ETHUSD'],
      slippageAction: 'skip',
      driftPolicy: 'repair',
      driftTolerance: 0,
      maxCorrection: 100,
      status: 'active',
    });
    expect(validateSettings(settings)).toEqual([]);
    expect('lotSize' in settings).toBe(false);
  });

  it('keeps every mode field the copy-engine reads', () => {
    const settings = toFollowSettings(
      row({
        mode: 'balance_percentage',
        balancePercentage: new Prisma.Decimal('12.5'),
        capitalAllocated: new Prisma.Decimal('1000'),
        lotSize: 2,
        maxDrawdownPct: new Prisma.Decimal('20'),
        dailyLossLimit: new Prisma.Decimal('150.25'),
        slippageLimitPct: new Prisma.Decimal('0.5'),
      }),
    );
    expect(settings).toMatchObject({
      balancePercentage: '12.5',
      capitalAllocated: '1000',
      lotSize: 2,
      maxDrawdownPct: '20',
      dailyLossLimit: '150.25',
      slippageLimitPct: '0.5',
    });
  });
});
