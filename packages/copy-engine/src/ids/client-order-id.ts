import { hash } from 'node:crypto';
import { base62FromBytes } from './base62.ts';

/** Delta's limit on `client_order_id`. */
export const CLIENT_ORDER_ID_MAX_LENGTH = 32;

// 30 base62 characters carry ~178 bits of the SHA-256 (6 words of ~29.8 bits): collisions are out of reach.
const HASH_CHARS = 30;

function orderId(prefix: string, parts: string[]): string {
  // Length-prefixed fields: ('ab','c') and ('a','bc') hash differently.
  let encoded = prefix;
  for (const p of parts) encoded += `|${p.length}:${p}`;
  // One-shot hashing: a fan-out makes four ids per follower, and a Hash object each cost twice as much.
  return prefix + base62FromBytes(hash('sha256', encoded, 'buffer'), HASH_CHARS);
}

/**
 * The client order id of one leg of a copy: the same (master event, follower, leg) always gives
 * the same id, so a retried job finds its earlier order instead of placing another.
 * Always 32 alphanumeric characters: 'cp' + 30 base62.
 */
export function clientOrderId(masterEventId: string, followerId: string, leg: string): string {
  return orderId('cp', [masterEventId, followerId, leg]);
}

/** The client order id of an exit-sync correction leg ('cr' prefix keeps it apart from copies). */
export function correctionOrderId(
  followerId: string,
  symbol: string,
  reconcileRunId: string,
  leg: string,
): string {
  return orderId('cr', [followerId, symbol, reconcileRunId, leg]);
}
