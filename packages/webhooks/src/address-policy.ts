import ipaddr from 'ipaddr.js';

/**
 * Whether an endpoint may be reached at this address: only ordinary public unicast. Loopback,
 * private (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade
 * NAT, multicast, reserved and the IPv6 forms that embed an IPv4 address are refused; an IPv4-mapped
 * IPv6 address is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}
