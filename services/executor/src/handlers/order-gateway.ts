import type { DeltaRestClient } from '@copytrade/delta-client';

/** What the executor needs of a follower's exchange client (the Delta REST client fits). */
export type OrderGateway = Pick<
  DeltaRestClient,
  'placeOrder' | 'getOrderByClientOrderId' | 'getOrderHistory' | 'getFills' | 'getOrder' | 'cancelOrder'
>;

/** One follower's broker, as a drain sees it. */
export interface FollowerBroker {
  followerUserId: string;
  /** The broker host, the unit of the circuit breaker. */
  host: string;
  client: OrderGateway;
}
