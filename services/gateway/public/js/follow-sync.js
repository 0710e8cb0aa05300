import { getJson } from './api.js';
import { row, time } from './dom.js';

// Exit-sync's last check of each follow shown, per symbol (position_sync_status via /v1/sync-status).
const body = document.querySelector('#sync tbody');

/** Rows of a follower–master pair; the pair's rows hold every follow between the two. */
async function pairRows(pair) {
  const rows = [];
  let cursor;
  do {
    const page = await getJson('/v1/sync-status', { ...pair, limit: '200', cursor });
    rows.push(...page.syncStatus);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const signed = (n) => (n > 0 ? `+${n}` : String(n));

function syncRow(status, name) {
  const tr = row([
    name,
    status.symbol,
    String(status.target),
    String(status.totalTarget),
    String(status.actual),
    signed(status.drift),
    status.state.replaceAll('_', ' '),
    String(status.repairs),
    status.entryPrice ?? '',
    status.unrealizedPnl ?? '',
    status.realizedPnl ?? '',
    status.errorMessage ?? '',
    time(status.lastVerified),
  ]);
  tr.dataset.followId = status.followId;
  tr.dataset.state = status.state;
  return tr;
}

/** Shows the sync rows of `follows` (named by `nameOf`), in the order of the follows. */
export async function showSync(follows, nameOf) {
  const pairs = new Map();
  for (const f of follows)
    pairs.set(`${f.followerAccountId}|${f.masterAccountId}`, {
      followerAccountId: f.followerAccountId,
      masterAccountId: f.masterAccountId,
    });
  const all = (await Promise.all([...pairs.values()].map(pairRows))).flat();
  const rows = follows.flatMap((f) =>
    all
      .filter((s) => s.followId === f.id)
      .sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map((s) => syncRow(s, nameOf(f))),
  );
  body.replaceChildren(...(rows.length > 0 ? rows : [row(['No sync checks yet for these follows.'])]));
}
