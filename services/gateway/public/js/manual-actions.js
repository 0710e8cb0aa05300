import { accountRef } from './account-names.js';
import { el } from './dom.js';

// One manual action from the audit trail in words: what was done, and on what (accounts by name).
const titles = {
  'kill_switch.engaged': 'Kill switch engaged',
  'kill_switch.released': 'Kill switch released',
  'trigger.pulled': 'Trigger pulled',
  'account.changed': 'Account',
  'follow.changed': 'Follow',
};

const fieldsOf = (p) => (p.fields?.length ? `: ${p.fields.join(', ')}` : '');

/** The title, and the details as text and account names (appended in order). */
function describe(action) {
  const p = action.payload;
  switch (action.type) {
    case 'kill_switch.engaged':
    case 'kill_switch.released':
      return { title: titles[action.type], details: [p.reason ?? ''] };
    case 'trigger.pulled': {
      const parts = [
        p.masterAccountId && ['master ', accountRef(p.masterAccountId)],
        p.followerAccountId && ['follower ', accountRef(p.followerAccountId)],
        p.symbol && [p.symbol],
      ].filter(Boolean);
      return {
        title: `${titles[action.type]}: ${p.trigger}`,
        details: parts.flatMap((part, i) => (i === 0 ? part : [', ', ...part])),
      };
    }
    case 'account.changed':
      return { title: `${titles[action.type]} ${p.action}`, details: [accountRef(p.accountId), fieldsOf(p)] };
    case 'follow.changed':
      return {
        title: `${titles[action.type]} ${p.action}`,
        details: [accountRef(p.masterAccountId), ' → ', accountRef(p.followerAccountId), fieldsOf(p)],
      };
    default:
      return { title: action.type, details: [] };
  }
}

/** `details` is a node (its text names accounts by label). */
export function describeAction(action) {
  const { title, details } = describe(action);
  return { title, details: el('span', {}, ...details) };
}
