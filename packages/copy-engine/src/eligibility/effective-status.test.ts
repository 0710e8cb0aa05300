import { describe, expect, it } from 'vitest';
import { effectiveStatus } from './effective-status.ts';

describe('effectiveStatus', () => {
  it.each([
    ['active', 'active', 'close_only', 'active'],
    ['active', 'paused', 'close_only', 'close_only'],
    ['active', 'paused', 'frozen', 'frozen'],
    ['close_only', 'active', 'close_only', 'close_only'],
    ['frozen', 'paused', 'close_only', 'frozen'],
    ['active', 'disabled', 'close_only', 'frozen'],
    ['stopped', 'paused', 'frozen', 'stopped'],
  ] as const)('follow %s, account %s (pause mode %s) → %s', (follow, status, pauseMode, expected) => {
    expect(effectiveStatus(follow, { status, pauseMode })).toBe(expected);
  });
});
