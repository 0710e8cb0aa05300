import { loadAccountNames } from './account-names.js';
import { getJson } from './api.js';
import { el } from './dom.js';
import { drawLatencyChart } from './latency-chart.js';
import { latencySummary, pointsSince } from './latency-stats.js';
import { createFeed } from './live-feed.js';
import { startSession } from './session.js';

// The live page: /v1/events over EventSource, which starts with the recent past (`recent` events,
// then a `recent` event saying how many), reconnects and resumes after the last event seen; the
// gateway replays what was missed and then says so in a `resumed` event. Events seen before (by seq) are not
// shown twice. Copy latency is seeded from /v1/latency and grows with each fill.
const state = document.getElementById('live-state');
const historyNote = document.getElementById('feed-history');
const feed = createFeed(document.getElementById('feed'), document.getElementById('other'));
const windowMinutes = 10;
/** How many stored events the page opens with: a few master fills with their copies. */
const recentEvents = 100;
const seen = new Set();
const maxSeen = 5_000;
let lastSeq = null;
let dropped = false;

function setState(text, kind) {
  state.textContent = text;
  state.className = `badge ${kind}`;
}

// Latency: one point per copy (by client order id), whether from the API or from a live event.
const points = new Map();

function drawLatency() {
  const toMs = Date.now();
  const fromMs = toMs - windowMinutes * 60_000;
  const recent = pointsSince([...points.values()], fromMs);
  const summary = latencySummary(recent.map((p) => p.latencyMs));
  const ms = (value) => (value === null ? '—' : `${Math.round(value)} ms`);
  document.getElementById('latency-summary').replaceChildren(
    ...[
      ['p50', ms(summary.p50)],
      ['p90', ms(summary.p90)],
      ['p99', ms(summary.p99)],
      ['Copies', String(summary.count)],
    ].flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { 'data-stat': term, text: value })]),
  );
  drawLatencyChart(document.getElementById('latency-chart'), recent, { fromMs, toMs, summary });
}

function addPoint(clientOrderId, atMs, latencyMs) {
  points.set(clientOrderId, { atMs, latencyMs });
  const oldest = Date.now() - windowMinutes * 60_000;
  for (const [id, point] of points) if (point.atMs < oldest) points.delete(id);
}

function receive(event) {
  if (seen.has(event.seq)) return;
  // "Nothing happened lately" is no longer true.
  if (historyNote.dataset.empty === 'true') historyNote.hidden = true;
  seen.add(event.seq);
  if (seen.size > maxSeen) seen.delete(seen.values().next().value);
  lastSeq = Math.max(lastSeq ?? 0, event.seq);
  feed.add(event);
  if (event.type === 'order.accepted') {
    addPoint(event.payload.clientOrderId, Date.parse(event.occurredAt), event.payload.latencyMs);
    drawLatency();
  }
}

await startSession();
drawLatency();
loadAccountNames().catch((failure) => {
  document.getElementById('names-error').textContent = `Account names unavailable: ${failure.message}`;
});
/** Waits before opening a new stream once one was refused: doubles from 1 s up to 30 s. */
const reopenDelayMs = { first: 1_000, max: 30_000 };
let reopenDelay = reopenDelayMs.first;

// An EventSource retries by itself after a dropped stream, but gives up for good after an answer that
// is not a stream: a 503 from a gateway that is shutting down in a deploy, a 502 from a proxy, or a
// 401 once the session ended. The page then opens a new one, resuming after the last event it saw
// (a new EventSource has no Last-Event-ID of its own), unless the session ended: then to the login.
function openStream() {
  const query = lastSeq === null ? `recent=${recentEvents}` : `lastEventId=${lastSeq}`;
  const source = new EventSource(`/v1/events?${query}`);
  source.addEventListener('open', () => {
    reopenDelay = reopenDelayMs.first;
    // Live once the recent past is in (the `recent` event).
    if (!dropped) return setState('loading the recent past…', 'pending');
    // With an event seen, the stream resumes after it and says so (`resumed`); without one, no replay.
    setState(lastSeq === null ? 'live again' : 'live again: catching up…', 'live');
  });
  source.addEventListener('error', () => {
    dropped = true;
    setState(lastSeq === null ? 'reconnecting…' : `reconnecting… (last event ${lastSeq})`, 'down');
    if (source.readyState === EventSource.CLOSED) setTimeout(reopenStream, reopenDelay);
  });
  source.addEventListener('recent', (message) => {
    const { replayed } = JSON.parse(message.data);
    historyNote.dataset.empty = String(replayed === 0 && seen.size === 0);
    historyNote.hidden = false;
    historyNote.textContent =
      replayed === 0
        ? 'Nothing happened lately: events appear here as they happen.'
        : `The last ${replayed === 1 ? 'event' : `${replayed} events`} from before the page opened, then live ones as they happen.`;
    setState(dropped ? 'live again' : 'live', 'live');
  });
  source.addEventListener('resumed', (message) => {
    const { afterSeq, replayed } = JSON.parse(message.data);
    const missed = replayed === 1 ? '1 missed event replayed' : `${replayed} missed events replayed`;
    setState(`live again: resumed after event ${afterSeq}, ${missed}`, 'live');
  });
  source.addEventListener('message', (message) => receive(JSON.parse(message.data)));
}

async function reopenStream() {
  reopenDelay = Math.min(reopenDelay * 2, reopenDelayMs.max);
  try {
    // A 401 here goes to the login page; any other failure (the gateway still away) tries again later.
    await getJson('/auth/session');
  } catch (failure) {
    if (failure.status !== 401) setTimeout(reopenStream, reopenDelay);
    return;
  }
  openStream();
}

openStream();

try {
  const series = await getJson('/v1/latency', { minutes: String(windowMinutes) });
  for (const p of series.points)
    if (!points.has(p.clientOrderId)) addPoint(p.clientOrderId, Date.parse(p.at), p.latencyMs);
} catch (failure) {
  document.getElementById('latency-error').textContent = `Latency history unavailable: ${failure.message}`;
}
drawLatency();
// The window slides even when no copy comes in.
setInterval(drawLatency, 5_000);
