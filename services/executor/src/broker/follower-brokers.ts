import type { AccountDirectory } from '@copytrade/accounts';
import type { FollowerBroker } from '../handlers/order-gateway.ts';

/** A follower's signed client and identity, from the (cached) account directory. */
export function followerBrokers(directory: AccountDirectory) {
  return async (followerAccountId: string): Promise<FollowerBroker> => {
    const [account, client] = await Promise.all([
      directory.account(followerAccountId),
      directory.rest(followerAccountId),
    ]);
    return { followerUserId: account.userId, host: new URL(account.baseUrl).host, client };
  };
}
