import { DeltaRestClient, isDeltaError } from '@copytrade/delta-client';
import { HttpError } from '../errors/http-error.ts';

/** Checks a key against the exchange: any signed read proves it; the balances call is the cheapest. */
export type KeyVerifier = (input: { baseUrl: string; apiKey: string; apiSecret: string }) => Promise<void>;

/**
 * Asks the exchange whether the key works. A refused key is the caller's mistake (422, with the
 * exchange's code, never the key); an exchange that cannot be reached or fails is ours (502).
 */
export const verifyExchangeKey: KeyVerifier = async ({ baseUrl, apiKey, apiSecret }) => {
  const client = new DeltaRestClient({
    baseUrl,
    apiKey,
    apiSecret,
    clockSyncIntervalMs: 0,
    timeoutMs: 5_000,
  });
  try {
    await client.getBalances();
  } catch (error) {
    if (isDeltaError(error, 'auth'))
      throw new HttpError(
        422,
        'exchange_key_refused',
        `the exchange refused this API key (${error.code ?? `HTTP ${error.status ?? '?'}`}): check the key, its secret and its permissions`,
      );
    if (isDeltaError(error, 'rejected'))
      throw new HttpError(
        422,
        'exchange_key_refused',
        `the exchange refused the check (${error.code ?? 'rejected'})`,
      );
    throw new HttpError(
      502,
      'exchange_unavailable',
      'the exchange could not be reached to verify the key; try again',
    );
  } finally {
    await client.close();
  }
};
