import { z } from 'zod';

/** An exchange the gateway lets broker accounts use: its REST base URL and its WebSocket URL. */
export interface Venue {
  restUrl: string;
  wsUrl: string;
}

/** Delta's hosts (../shared/delta-api.md): production India, production global, India testnet. */
export const defaultVenues =
  'https://api.india.delta.exchange|wss://socket.india.delta.exchange,' +
  'https://api.delta.exchange|wss://socket.delta.exchange,' +
  'https://cdn-ind.testnet.deltaex.org|wss://socket-ind.testnet.deltaex.org';

/** A URL as compared: origin and path, without a trailing slash (so `…/` and `…` are the same venue). */
export function normalizeUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const venueEntry = z.string().transform((entry, ctx): Venue => {
  const [rest, ws, extra] = entry.split('|');
  const restUrl = rest === undefined ? undefined : normalizeUrl(rest);
  const wsUrl = ws === undefined ? undefined : normalizeUrl(ws);
  const restOk = restUrl !== undefined && /^https?:/.test(restUrl);
  const wsOk = wsUrl !== undefined && /^wss?:/.test(wsUrl);
  if (!restOk || !wsOk || extra !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'each entry must be http(s)://rest|ws(s)://socket' });
    return z.NEVER;
  }
  return { restUrl, wsUrl };
});

export const venuesSchema = z
  .string()
  .transform((value) => value.split(',').filter((entry) => entry.trim() !== ''))
  .pipe(z.array(venueEntry).min(1, 'at least one venue'));

/** The configured venue a caller's base URL names, or undefined. */
export function findVenue(venues: readonly Venue[], baseUrl: string): Venue | undefined {
  const wanted = normalizeUrl(baseUrl);
  return wanted === undefined ? undefined : venues.find((venue) => venue.restUrl === wanted);
}
