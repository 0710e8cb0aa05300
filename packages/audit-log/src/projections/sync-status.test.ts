import { describe, expect, it } from 'vitest';
import { acceptedCopyStatus, legTimeColumn, nextSyncStatus } from './sync-status.ts';

describe('nextSyncStatus', () => {
  it('moves forward from pending, submitted and unknown', () => {
    expect(nextSyncStatus(undefined, 'submitted')).toBe('submitted');
    expect(nextSyncStatus('pending', 'submitted')).toBe('submitted');
    expect(nextSyncStatus('submitted', 'unknown')).toBe('unknown');
    expect(nextSyncStatus('unknown', 'synced')).toBe('synced');
    expect(nextSyncStatus('submitted', 'failed')).toBe('failed');
  });

  it('never undoes a recorded outcome with a late event', () => {
    expect(nextSyncStatus('synced', 'submitted')).toBe('synced');
    expect(nextSyncStatus('synced', 'unknown')).toBe('synced');
    expect(nextSyncStatus('failed', 'pending')).toBe('failed');
    expect(nextSyncStatus('failed', 'synced')).toBe('failed');
  });
});

describe('acceptedCopyStatus', () => {
  it('is filled for a closed order and accepted otherwise', () => {
    expect(acceptedCopyStatus('closed')).toBe('filled');
    expect(acceptedCopyStatus('open')).toBe('accepted');
    expect(acceptedCopyStatus('pending')).toBe('accepted');
  });
});

describe('legTimeColumn', () => {
  it('maps leg kinds to entry or exit time', () => {
    expect(legTimeColumn('open')).toBe('entryTime');
    expect(legTimeColumn('increase')).toBe('entryTime');
    expect(legTimeColumn('reduce')).toBe('exitTime');
    expect(legTimeColumn('close')).toBe('exitTime');
    expect(legTimeColumn('correction')).toBeNull();
  });
});
