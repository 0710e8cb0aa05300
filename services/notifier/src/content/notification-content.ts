import type { NotificationKind } from '@copytrade/contracts';

/** What a notification (an email, a push) says about one event: a title and labelled facts, as plain strings (escaped when rendered). */
export interface NotificationItem {
  title: string;
  facts: (readonly [label: string, value: string])[];
  /** Set for a daily summary: one row per follow (and per symbol with PnL). */
  table?: { columns: string[]; rows: string[][] };
}

/** The event as a template reads it: its kind, when it happened, and its payload. */
export interface NotifiedEvent {
  kind: NotificationKind;
  eventId: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '—';
const short = (id: unknown) => (typeof id === 'string' ? id.slice(0, 8) : '—');
const order = (p: Record<string, unknown>) =>
  `${str(p.side)} ${str(p.size)} ${str(p.symbol)}${p.limitPrice ? ` limit ${str(p.limitPrice)}` : ''}`;

type Template = (
  payload: Record<string, unknown>,
) => Omit<NotificationItem, 'table'> & Pick<NotificationItem, 'table'>;

interface SummaryFollow {
  followId?: unknown;
  masterAccountId?: unknown;
  copies?: unknown;
  rejected?: unknown;
  skips?: unknown;
  pnl?: { symbol?: unknown; realized?: unknown; unrealized?: unknown }[];
}

/**
 * One template per kind. Each names only what the event's own user may see: ids, sizes, prices,
 * reason codes. Never a skip's free-text detail (it may quote a balance), never a key or secret
 * (events carry none). The daily summary's PnL is what the user subscribed to.
 */
const templates: Record<NotificationKind, Template> = {
  master_fill: (p) => ({
    title: `Master fill: ${str(p.side)} ${str(p.size)} ${str(p.symbol)} at ${str(p.price)}`,
    facts: [
      ['Master account', short(p.masterAccountId)],
      ['Position after', str(p.positionAfter)],
    ],
  }),
  master_exit: (p) => ({
    title: `Master exited ${str(p.symbol)}: ${str(p.side)} ${str(p.size)} at ${str(p.price)}`,
    facts: [['Master account', short(p.masterAccountId)]],
  }),
  copy_placed: (p) => ({
    title: `Copy placed: ${order(p)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Exchange state', str(p.state)],
      ['Filled', str(p.filledSize)],
      ['Average price', p.avgFillPrice ? str(p.avgFillPrice) : '—'],
    ],
  }),
  copy_failed: (p) => ({
    title: `Copy failed: ${order(p)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Reason', p.code ? str(p.code) : 'gave up after its last attempt'],
    ],
  }),
  copy_skipped: (p) => ({
    title: p.reason ? `Copy skipped on ${str(p.symbol)}: ${str(p.reason)}` : `Copy expired: ${order(p)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Follow', short(p.followId)],
    ],
  }),
  drift_found: (p) => ({
    title: `Drift on ${str(p.symbol)}: ${str(p.state)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Target', str(p.target)],
      ['Actual', str(p.actual)],
      ['Drift', str(p.drift)],
    ],
  }),
  drift_repaired: (p) => ({
    title: `Drift repaired on ${str(p.symbol)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Drift corrected', str(p.drift)],
    ],
  }),
  risk_exit: (p) => ({
    title: `Risk exit: ${str(p.reason)}`,
    facts: [
      ['Follower account', short(p.followerAccountId)],
      ['Flattened', p.flatten === true ? 'yes' : 'no'],
    ],
  }),
  kill_switch: (p) => ({
    title:
      p.reason === undefined || p.reason === null ? 'Kill switch released' : `Kill switch: ${str(p.reason)}`,
    facts: [],
  }),
  breaker_open: (p) => ({ title: `Exchange circuit opened: ${str(p.host)}`, facts: [] }),
  endpoint_disabled: (p) => ({
    title: 'A webhook endpoint was disabled',
    facts: [
      ['Endpoint', short(p.endpointId)],
      [
        'Why',
        p.reason === 'gone' ? 'it answered 410 Gone' : `${str(p.consecutiveFailures)} failures in a row`,
      ],
    ],
  }),
  daily_summary: (p) => {
    const follows = Array.isArray(p.follows) ? (p.follows as SummaryFollow[]) : [];
    const rows: string[][] = [];
    for (const follow of follows) {
      const counts = [
        short(follow.followId),
        short(follow.masterAccountId),
        str(follow.copies),
        str(follow.rejected),
        str(follow.skips),
      ];
      const pnl = follow.pnl ?? [];
      if (pnl.length === 0) rows.push([...counts, '—', '—', '—']);
      for (const position of pnl)
        rows.push([
          ...counts,
          str(position.symbol),
          str(position.realized ?? '—'),
          str(position.unrealized ?? '—'),
        ]);
    }
    return {
      title: `Daily summary for ${str(p.day)}`,
      facts: [['Follows', String(follows.length)]],
      table: {
        columns: [
          'Follow',
          'Master',
          'Copies',
          'Rejected',
          'Skips',
          'Symbol',
          'Realized PnL',
          'Unrealized PnL',
        ],
        rows,
      },
    };
  },
};

export function notificationItem(event: NotifiedEvent): NotificationItem {
  const item = templates[event.kind](event.payload);
  return { ...item, facts: [...item.facts, ['When (UTC)', event.occurredAt.toISOString()]] };
}
