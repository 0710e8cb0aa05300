import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './address-policy.ts';
import { checkEndpointUrl, type ResolveHost } from './endpoint-policy.ts';

const strict = { requireHttps: true, allowPrivateAddresses: false };
const resolvesTo =
  (...addresses: string[]): ResolveHost =>
  async () =>
    addresses;

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not an address',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('checkEndpointUrl', () => {
  it('accepts an https URL whose every address is public', async () => {
    const url = await checkEndpointUrl('https://hooks.example.com/x', strict, resolvesTo('93.184.216.34'));
    expect(url.hostname).toBe('hooks.example.com');
  });

  it('refuses http when https is required, and credentials in the URL', async () => {
    await expect(checkEndpointUrl('http://hooks.example.com', strict, resolvesTo('8.8.8.8'))).rejects.toThrow(
      /https/,
    );
    await expect(
      checkEndpointUrl('https://u:p@hooks.example.com', strict, resolvesTo('8.8.8.8')),
    ).rejects.toThrow(/credentials/);
  });

  it('refuses a host with any private address among its records', async () => {
    await expect(
      checkEndpointUrl('https://mixed.example.com', strict, resolvesTo('8.8.8.8', '10.0.0.5')),
    ).rejects.toThrow(/private, loopback or link-local/);
  });

  it('refuses literal loopback, metadata and IPv6 loopback addresses without resolving', async () => {
    const never: ResolveHost = async () => {
      throw new Error('must not resolve a literal address');
    };
    for (const url of ['https://127.0.0.1/', 'https://169.254.169.254/latest', 'https://[::1]:8443/'])
      await expect(checkEndpointUrl(url, strict, never)).rejects.toThrow(/private, loopback or link-local/);
  });

  it('refuses a host that does not resolve', async () => {
    const fails: ResolveHost = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(checkEndpointUrl('https://nowhere.invalid', strict, fails)).rejects.toThrow(
      /does not resolve/,
    );
  });

  it('lets tests reach loopback over http only when the flag says so', async () => {
    const open = { requireHttps: false, allowPrivateAddresses: true };
    expect((await checkEndpointUrl('http://127.0.0.1:9/x', open)).port).toBe('9');
    await expect(
      checkEndpointUrl('http://127.0.0.1:9/x', { ...open, allowPrivateAddresses: false }),
    ).rejects.toThrow(/private/);
  });
});
