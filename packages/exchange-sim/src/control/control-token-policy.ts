/** Hosts that only this machine can reach: an open control API there is a development convenience. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Why `pnpm sim` must not start without a control token, or null when it may: anyone who reaches an
 * open `/sim/v1` can fund accounts, move prices and read every account's orders.
 */
export function missingTokenReason(input: { host: string; nodeEnv: string | undefined }): string | null {
  if (input.nodeEnv === 'production') return 'NODE_ENV is production';
  if (!isLoopbackHost(input.host)) return `it binds to ${input.host}, which is not a loopback address`;
  return null;
}
