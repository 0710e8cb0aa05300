import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  applyFill,
  commissionFor,
  increasingContracts,
  marginFor,
  roundToTick,
  unrealizedPnl,
} from './position-math.ts';

const cv = new Decimal('0.001');
const d = (v: string) => new Decimal(v);

describe('applyFill', () => {
  it('opens a position at the fill price', () => {
    const r = applyFill({ size: 0, entryPrice: null }, 10, d('100'), cv);
    expect(r.size).toBe(10);
    expect(r.entryPrice?.toString()).toBe('100');
    expect(r.realized.toString()).toBe('0');
  });

  it('averages the entry price weighted by contracts', () => {
    const r = applyFill({ size: 10, entryPrice: d('100') }, 30, d('200'), cv);
    expect(r.size).toBe(40);
    expect(r.entryPrice?.toString()).toBe('175');
  });

  it('realises pnl on a long reduction and keeps the entry', () => {
    const r = applyFill({ size: 10, entryPrice: d('100') }, -4, d('150'), cv);
    expect(r.size).toBe(6);
    expect(r.entryPrice?.toString()).toBe('100');
    expect(r.realized.toString()).toBe('0.2'); // 4 × 0.001 × 50
  });

  it('realises pnl on a short reduction', () => {
    const r = applyFill({ size: -10, entryPrice: d('100') }, 10, d('90'), d('1'));
    expect(r.size).toBe(0);
    expect(r.entryPrice).toBeNull();
    expect(r.realized.toString()).toBe('100');
  });

  it('flips and opens the remainder at the fill price', () => {
    const r = applyFill({ size: 5, entryPrice: d('100') }, -8, d('90'), d('1'));
    expect(r.size).toBe(-3);
    expect(r.entryPrice?.toString()).toBe('90');
    expect(r.realized.toString()).toBe('-50');
  });
});

describe('margin helpers', () => {
  it('counts only contracts that add exposure', () => {
    expect(increasingContracts(0, 5)).toBe(5);
    expect(increasingContracts(3, 5)).toBe(5);
    expect(increasingContracts(3, -5)).toBe(2);
    expect(increasingContracts(-8, 5)).toBe(0);
  });

  it('computes margin, commission and unrealised pnl', () => {
    expect(marginFor(10, cv, d('60000'), d('10')).toString()).toBe('60');
    expect(commissionFor(10, cv, d('60000'), d('0.0005')).toString()).toBe('0.3');
    expect(unrealizedPnl({ size: -10, entryPrice: d('60000') }, d('59000'), cv).toString()).toBe('10');
  });

  it('rounds to the tick', () => {
    expect(roundToTick(d('60000.26'), d('0.5')).toString()).toBe('60000.5');
    expect(roundToTick(d('150.0004'), d('0.001')).toString()).toBe('150');
  });
});
