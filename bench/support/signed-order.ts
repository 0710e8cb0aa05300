// A market order as the simulator (and Delta) takes it over REST: signed, with the headers it requires.
import { signRequest } from '../../packages/exchange-sim/src/index.ts';

/** The options of an undici request placing `body` (a `POST /v2/orders` JSON body) for `account`. */
export function signedOrderRequest(account: { apiKey: string; apiSecret: string }, body: string) {
  const ts = Math.floor(Date.now() / 1000);
  return {
    path: '/v2/orders',
    method: 'POST' as const,
    body,
    headers: {
      'user-agent': 'copytrade-bench',
      'content-type': 'application/json',
      'api-key': account.apiKey,
      timestamp: String(ts),
      signature: signRequest(account.apiSecret, 'POST', ts, '/v2/orders', body),
    },
  };
}
