import type { VerifyResult } from './verify-chain.ts';

/** One line naming what `verifyChain` found broken. */
export function describeBrokenChain(result: Exclude<VerifyResult, { ok: true }>): string {
  switch (result.reason) {
    case 'hash_mismatch':
    case 'prev_hash_mismatch':
      return (
        `audit chain BROKEN at seq ${result.seq} (event ${result.eventId}): ${result.reason}, ` +
        `expected ${result.expected}, found ${result.actual}`
      );
    case 'checkpoint_forged':
      return `audit chain BROKEN: the checkpoint at seq ${result.seq} has an invalid signature (forged or altered)`;
    case 'checkpoint_mismatch':
      return `audit chain BROKEN at seq ${result.seq}: its checkpoint says hash ${result.expected}, found ${result.actual ?? 'no row'}`;
    case 'truncated':
      return (
        `audit chain TRUNCATED: rows seq ${result.missingFrom}..${result.missingTo} are missing ` +
        `(the log ends before its checkpoint at seq ${result.missingTo})`
      );
  }
}
