import type { PageParts } from './layout.ts';

/** The static markup of each page; the page's module fetches the data and fills it in. */

export const loginView: PageParts = {
  title: 'Log in',
  script: 'login.js',
  main: `<form id="login-form" class="card narrow" method="post" action="/auth/login">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Log in</button>
  <p id="login-error" class="error" role="alert"></p>
</form>`,
};

const filterField = (id: string, label: string, hint: string) =>
  `<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${id}" placeholder="${hint}" autocomplete="off"></div>`;

export const tradesView: PageParts = {
  title: 'Trades',
  script: 'trades.js',
  current: '/trades',
  main: `<section class="card" aria-labelledby="monitor-title">
  <h2 id="monitor-title">Real-time monitor</h2>
  <p>Checks the master accounts for new fills now and copies them (the master filter, if set, picks one master).</p>
  <button type="button" id="monitor">Real-Time Monitor &amp; Copy</button>
  <div id="monitor-result" role="status" aria-live="polite"></div>
</section>
<form id="filters" class="card filters" role="search" aria-label="Filter trades">
  ${filterField('masterAccountId', 'Master account', 'account id')}
  ${filterField('followerAccountId', 'Follower account', 'account id')}
  ${filterField('symbol', 'Symbol', 'BTCUSD')}
  ${filterField('status', 'Copy status', 'synced')}
  <div class="actions"><button type="submit">Apply</button> <button type="reset" class="secondary">Clear</button></div>
  <p id="filters-error" class="error" role="alert"></p>
</form>
<section class="card" aria-labelledby="fills-title">
  <h2 id="fills-title">Master fills</h2>
  <div class="table-wrap"><table id="fills"><thead><tr>
    <th scope="col">Time</th><th scope="col">Master</th><th scope="col">Symbol</th><th scope="col">Side</th>
    <th scope="col">Size</th><th scope="col">Price</th><th scope="col">Correlation id</th>
  </tr></thead><tbody></tbody></table></div>
  <nav class="pager" aria-label="Master fill pages"><button type="button" data-pager="fills" data-dir="first" class="secondary">Newest</button> <button type="button" data-pager="fills" data-dir="next" class="secondary">Older</button></nav>
</section>
<section class="card" aria-labelledby="copies-title">
  <h2 id="copies-title">Copy trades</h2>
  <div class="table-wrap"><table id="copies"><thead><tr>
    <th scope="col">Time</th><th scope="col">Master</th><th scope="col">Follower</th><th scope="col">Symbol</th>
    <th scope="col">Side</th><th scope="col">Size</th><th scope="col">Price</th><th scope="col">Status</th>
    <th scope="col">Latency</th><th scope="col">Trail</th>
  </tr></thead><tbody></tbody></table></div>
  <nav class="pager" aria-label="Copy trade pages"><button type="button" data-pager="copies" data-dir="first" class="secondary">Newest</button> <button type="button" data-pager="copies" data-dir="next" class="secondary">Older</button></nav>
</section>`,
};

export const auditView: PageParts = {
  title: 'Audit trail',
  script: 'audit.js',
  current: '/trades',
  main: `<p><a href="/trades">Back to trades</a></p>
<section class="card" aria-labelledby="trail-title">
  <h2 id="trail-title">Events of copy trade <code id="trail-id"></code></h2>
  <p id="trail-error" class="error" role="alert"></p>
  <ol id="trail" class="trail"></ol>
</section>`,
};

export const liveView: PageParts = {
  title: 'Live',
  script: 'live.js',
  current: '/live',
  main: `<p>Connection: <span id="live-state" class="badge" role="status" aria-live="polite">connecting…</span></p>
<section class="card" aria-labelledby="latency-title">
  <h2 id="latency-title">Copy latency, last 10 minutes</h2>
  <p class="hint">From the master fill seen to the follower order accepted.</p>
  <dl id="latency-summary" class="summary stats"></dl>
  <div id="latency-chart" class="chart"></div>
  <p id="latency-error" class="error" role="alert"></p>
</section>
<section class="card" aria-labelledby="feed-title">
  <h2 id="feed-title">Master fills and their copies</h2>
  <p class="hint">Slippage is the follower's fill against the master's price: positive is worse for the follower.</p>
  <p id="feed-history" class="hint" role="status">Loading the recent past…</p>
  <p id="names-error" class="error" role="alert"></p>
  <ol id="feed" class="feed" aria-live="polite"></ol>
</section>
<section class="card" aria-labelledby="other-title">
  <h2 id="other-title">Risk exits, sync and operator events</h2>
  <ol id="other" class="trail"></ol>
</section>`,
};

const tableOf = (id: string, caption: string, columns: string[]) =>
  `<div class="table-wrap"><table id="${id}"><caption>${caption}</caption><thead><tr>${columns
    .map((c) => `<th scope="col">${c}</th>`)
    .join('')}</tr></thead><tbody></tbody></table></div>`;

export const operationsView: PageParts = {
  title: 'Operations',
  script: 'operations.js',
  current: '/operations',
  main: `<p id="ops-error" class="error" role="alert"></p>
<section id="kill-card" class="card" aria-labelledby="kill-title">
  <h2 id="kill-title">Kill switch</h2>
  <p id="kill-state" role="status" aria-live="polite">Loading…</p>
  <button type="button" id="kill-open">Engage the kill switch</button>
  <dialog id="kill-dialog" aria-labelledby="kill-dialog-title">
    <form id="kill-form" method="dialog">
      <h2 id="kill-dialog-title">Engage the kill switch?</h2>
      <p id="kill-dialog-text">No executor sends a new order while it is engaged.</p>
      <label for="kill-reason">Reason</label>
      <input id="kill-reason" name="reason" maxlength="500" required>
      <div class="actions"><button type="submit" value="confirm" id="kill-confirm">Confirm</button> <button type="button" id="kill-cancel" class="secondary">Cancel</button></div>
    </form>
  </dialog>
</section>
<section class="card" aria-labelledby="status-title">
  <h2 id="status-title">System status</h2>
  <p><a href="/admin/queues">Open the queue dashboard</a></p>
  <dl id="status-summary" class="summary"></dl>
  ${tableOf('queues', 'Queues', ['Queue', 'Waiting', 'Active', 'Delayed', 'Failed'])}
  ${tableOf('streams', 'Streams of the copy path (not in the queue dashboard)', ['Stream', 'Waiting', 'Being handled'])}
</section>
<section class="card" aria-labelledby="exchange-title">
  <h2 id="exchange-title">Exchange breakers, leases and held accounts</h2>
  ${tableOf('breakers', 'Circuit breakers per exchange host', ['Host', 'State', 'Since', 'Seen by executor'])}
  ${tableOf('leases', 'Master leases', ['Master', 'Listener', 'Until'])}
  ${tableOf('held', 'Accounts held after a 429', ['Account', 'Until'])}
</section>
<section class="card" aria-labelledby="actions-title">
  <h2 id="actions-title">Recent manual actions</h2>
  <form id="actions-filter" class="inline-filter">
    <label for="actions-type">Show</label>
    <select id="actions-type" name="type">
      <option value="">All manual actions</option>
      <option value="kill_switch.engaged">Kill switch engaged</option>
      <option value="kill_switch.released">Kill switch released</option>
      <option value="trigger.pulled">Triggers pulled</option>
      <option value="account.changed">Account changes</option>
      <option value="follow.changed">Follow changes</option>
    </select>
  </form>
  ${tableOf('actions', 'Newest first', ['Time', 'Action', 'By', 'Details'])}
</section>`,
};

/** A form field with its label and the place the API's error about it goes (linked for screen readers). */
const formField = (id: string, label: string, control: string) =>
  `<div class="field"><label for="${id}">${label}</label>${control}<p id="${id}-error" class="field-error" aria-live="polite"></p></div>`;

const editInput = (name: string, label: string, hint: string, inputmode = 'decimal') =>
  formField(
    `edit-${name}`,
    label,
    `<input id="edit-${name}" name="${name}" inputmode="${inputmode}" autocomplete="off" placeholder="${hint}" aria-describedby="edit-${name}-error">`,
  );
const editSelect = (name: string, label: string, options: string[]) =>
  formField(
    `edit-${name}`,
    label,
    `<select id="edit-${name}" name="${name}" aria-describedby="edit-${name}-error">${options.map((o) => `<option value="${o}">${o.replaceAll('_', ' ')}</option>`).join('')}</select>`,
  );
const editCheck = (name: string, label: string) =>
  `<div class="field check"><input type="checkbox" id="edit-${name}" name="${name}" aria-describedby="edit-${name}-error"><label for="edit-${name}">${label}</label><p id="edit-${name}-error" class="field-error" aria-live="polite"></p></div>`;

export const followersView: PageParts = {
  title: 'Followers',
  script: 'followers.js',
  current: '/followers',
  main: `<p id="followers-error" class="error" role="alert"></p>
<section class="card" aria-labelledby="follows-title">
  <h2 id="follows-title">Follows</h2>
  <p>Pause: close-only (the follower only reduces its positions); Freeze: nothing is copied, exits included; Resume copies again.</p>
  <div class="table-wrap"><table id="follows"><thead><tr>
    <th scope="col">Master</th><th scope="col">Follower</th><th scope="col">Mode</th><th scope="col">Settings</th>
    <th scope="col">State</th><th scope="col">Actions</th>
  </tr></thead><tbody></tbody></table></div>
  <nav class="pager" aria-label="Follow pages"><button type="button" id="follows-first" class="secondary">Newest</button> <button type="button" id="follows-next" class="secondary">Older</button></nav>
  <dialog id="end-dialog" aria-labelledby="end-dialog-title">
    <form id="end-form" method="dialog">
      <h2 id="end-dialog-title">End this follow?</h2>
      <p id="end-dialog-text"></p>
      <label for="end-mode">What happens to the follower's positions</label>
      <select id="end-mode" name="mode" required>
        <option value="close_gracefully">Close gracefully (close-only until flat)</option>
        <option value="close_immediately">Close immediately</option>
        <option value="preserve">Preserve (keep the positions, stop copying)</option>
      </select>
      <div class="actions"><button type="submit" value="confirm" id="end-confirm">End the follow</button> <button type="button" id="end-cancel" class="secondary">Cancel</button></div>
    </form>
  </dialog>
  <dialog id="edit-dialog" aria-labelledby="edit-dialog-title">
    <form id="edit-form" class="form-grid" novalidate>
      <h2 id="edit-dialog-title">Edit follow settings</h2>
      <p id="edit-dialog-text" class="wide"></p>
      ${editSelect('mode', 'Sizing mode', ['multiplier', 'fixed_lot', 'capital_allocation', 'balance_percentage'])}
      ${editInput('multiplier', 'Multiplier', '0.5')}
      ${editInput('lotSize', 'Fixed size (lots)', '1')}
      ${editInput('capitalAllocated', 'Capital allocated', '1000')}
      ${editInput('balancePercentage', 'Balance percentage', '10')}
      ${editInput('maxPosition', 'Max position (contracts)', 'none')}
      ${editInput('maxNotional', 'Max notional', 'none')}
      ${editInput('maxDrawdownPct', 'Max drawdown %', 'none')}
      ${editInput('dailyLossLimit', 'Daily loss limit', 'none')}
      ${editInput('slippageLimitPct', 'Slippage limit %', 'none')}
      ${editSelect('slippageAction', 'Beyond the slippage limit', ['skip', 'limit'])}
      ${editInput('symbolAllowList', 'Only these symbols', 'BTCUSD, ETHUSD', 'text')}
      ${editInput('symbolDenyList', 'Never these symbols', 'none', 'text')}
      ${editSelect('driftPolicy', 'On drift', ['repair', 'alert', 'off'])}
      ${editInput('driftTolerance', 'Drift tolerance (contracts)', '0')}
      ${editInput('maxCorrection', 'Max correction (contracts)', '100')}
      ${editInput('maxSignalAgeMs', 'Max signal age (ms)', '')}
      ${editInput('restingOrderTtlMs', 'Resting order TTL (ms)', '')}
      ${editCheck('reverse', 'Reverse (trade against the master)')}
      ${editCheck('repairReopen', 'Repairs may reopen a position')}
      ${editCheck('riskExitFlatten', 'A risk exit flattens the position')}
      <p id="edit-error" class="error wide" role="alert"></p>
      <div class="form-actions wide"><button type="submit" id="edit-save">Save settings</button> <button type="button" id="edit-cancel" class="secondary">Cancel</button></div>
    </form>
  </dialog>
</section>
<section class="card" aria-labelledby="sync-title">
  <h2 id="sync-title">Positions against targets</h2>
  <p>Exit-sync's last check of each follow on the page, per symbol: this follow's target, the follower's total over its follows, its position on the exchange, and that position's PnL.</p>
  <div class="table-wrap"><table id="sync"><thead><tr>
    <th scope="col">Follow</th><th scope="col">Symbol</th><th scope="col">Target</th><th scope="col">Total target</th>
    <th scope="col">Actual</th><th scope="col">Drift</th><th scope="col">State</th><th scope="col">Repairs</th>
    <th scope="col">Entry price</th><th scope="col">Unrealized PnL</th><th scope="col">Realized PnL</th>
    <th scope="col">Message</th><th scope="col">Checked</th>
  </tr></thead><tbody></tbody></table></div>
</section>
<section class="card" id="push-device" aria-labelledby="push-title">
  <h2 id="push-title">Notifications on this device</h2>
  <p>Get a notification here when a copy fails, a risk exit or drift happens, or a master exits, even with the dashboard closed.</p>
  <button type="button" id="push-enable" hidden>Notify me on this device</button>
  <p id="push-status" role="status" aria-live="polite"></p>
</section>`,
};

export const accountsView: PageParts = {
  title: 'Accounts',
  script: 'accounts.js',
  current: '/accounts',
  main: `<p id="accounts-error" class="error" role="alert"></p>
<section class="card" aria-labelledby="accounts-title">
  <h2 id="accounts-title">Broker accounts</h2>
  <p>Pause stops new copies on the account: close-only still reduces its positions, frozen sends nothing.</p>
  <div class="table-wrap"><table id="accounts"><thead><tr>
    <th scope="col">Label</th><th scope="col">Owner</th><th scope="col">Role</th><th scope="col">Venue</th><th scope="col">API key</th>
    <th scope="col">Status</th><th scope="col">When paused</th><th scope="col">Added</th><th scope="col">Actions</th>
  </tr></thead><tbody></tbody></table></div>
  <nav class="pager" aria-label="Account pages"><button type="button" id="accounts-first" class="secondary">Newest</button> <button type="button" id="accounts-next" class="secondary">Older</button></nav>
</section>
<form id="add-account" class="card form-grid" aria-labelledby="add-title">
  <h2 id="add-title">Add a broker account</h2>
  <p class="wide">The exchange checks the API key before the account is saved. The secret is stored sealed and never shown again.</p>
  ${formField('label', 'Label', '<input id="label" name="label" maxlength="100" required autocomplete="off" aria-describedby="label-error">')}
  ${formField('role', 'Role', '<select id="role" name="role" required aria-describedby="role-error"><option value="follower">Follower (copies a master)</option><option value="master">Master (is copied)</option></select>')}
  ${formField('baseUrl', 'Exchange venue', '<select id="baseUrl" name="baseUrl" required aria-describedby="baseUrl-error"></select>')}
  ${formField('apiKey', 'API key', '<input id="apiKey" name="apiKey" maxlength="200" required autocomplete="off" spellcheck="false" aria-describedby="apiKey-error">')}
  ${formField('apiSecret', 'API secret', '<input id="apiSecret" name="apiSecret" type="password" maxlength="500" required autocomplete="new-password" aria-describedby="apiSecret-error">')}
  <div class="form-actions wide"><button type="submit" id="add-submit">Verify and add</button></div>
  <p id="add-error" class="error wide" role="alert"></p>
  <p id="add-result" class="wide" role="status" aria-live="polite"></p>
</form>`,
};
