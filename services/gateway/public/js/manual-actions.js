import { shortId } from './dom.js';

// One manual action from the audit trail in words: what was done, and on what.
const titles = {
  'kill_switch.engaged': 'Kill switch engaged',
  'kill_switch.released': 'Kill switch released',
  'trigger.pulled': 'Trigger pulled',
  'account.changed': 'Account',
  'follow.changed': 'Follow',
};

export function describeAction(action) {
  const p = action.payload;
  switch (action.type) {
    case 'kill_switch.engaged':
    case 'kill_switch.released':
      return { title: titles[action.type], details: p.reason ?? '' };
    case 'trigger.pulled':
      return {
        title: `${titles[action.type]}: ${p.trigger}`,
        details: [
          p.masterAccountId && `master ${shortId(p.masterAccountId)}`,
          p.followerAccountId && `follower ${shortId(p.followerAccountId)}`,
          p.symbol,
        ]
          .filter(Boolean)
          .join(', '),
      };
    case 'account.changed':
      return {
        title: `${titles[action.type]} ${p.action}`,
        details: `${shortId(p.accountId)}${p.fields?.length ? `: ${p.fields.join(', ')}` : ''}`,
      };
    case 'follow.changed':
      return {
        title: `${titles[action.type]} ${p.action}`,
        details: `${shortId(p.masterAccountId)} → ${shortId(p.followerAccountId)}${p.fields?.length ? `: ${p.fields.join(', ')}` : ''}`,
      };
    default:
      return { title: action.type, details: '' };
  }
}
