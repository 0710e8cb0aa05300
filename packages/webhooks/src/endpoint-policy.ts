import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from './address-policy.ts';

export interface EndpointPolicy {
  /** Only `https:` URLs (production). */
  requireHttps: boolean;
  /** Private, loopback and link-local addresses allowed: tests and local development only. */
  allowPrivateAddresses: boolean;
}

export type ResolveHost = (host: string) => Promise<string[]>;

/** Every address the host resolves to (A and AAAA), as the connection would pick among them. */
export const resolveHost: ResolveHost = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Why an endpoint URL is refused; the message is safe to show its owner. */
export class EndpointRefused extends Error {
  override name = 'EndpointRefused';
}

/**
 * Refuses a URL that is not http(s), not https when required, carries credentials, or whose host
 * resolves to any address that is not public (checked for every address, not only the first: a
 * host with one public and one private record would otherwise be a way in).
 */
export async function checkEndpointUrl(
  raw: string,
  policy: EndpointPolicy,
  resolve: ResolveHost = resolveHost,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointRefused('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new EndpointRefused('must be an https URL');
  if (policy.requireHttps && url.protocol !== 'https:') throw new EndpointRefused('must be an https URL');
  if (url.username !== '' || url.password !== '') throw new EndpointRefused('must not carry credentials');
  if (policy.allowPrivateAddresses) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    throw new EndpointRefused('its host does not resolve');
  }
  if (addresses.length === 0) throw new EndpointRefused('its host does not resolve');
  if (!addresses.every(isPublicAddress))
    throw new EndpointRefused('points at a private, loopback or link-local address');
  return url;
}
