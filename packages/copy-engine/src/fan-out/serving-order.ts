/**
 * The order in which a fill's followers are served: the follower list rotated by the fill's turn
 * (its sequence number), so over any `n` consecutive turns each of `n` followers is served once in
 * every position, and no follower is always last.
 */
export function servingOrder<T>(followers: readonly T[], turn: number): T[] {
  const n = followers.length;
  if (n === 0) return [];
  const start = ((Math.trunc(turn) % n) + n) % n;
  return [...followers.slice(start), ...followers.slice(0, start)];
}

/**
 * The same items with those that close or reduce risk first, each group in its own order: an exit
 * reaches the exchange before a new risk does when both wait in one queue.
 */
export function closesFirst<T>(items: readonly T[], closes: (item: T) => boolean): T[] {
  const first: T[] = [];
  const rest: T[] = [];
  for (const item of items) (closes(item) ? first : rest).push(item);
  return [...first, ...rest];
}
