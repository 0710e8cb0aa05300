import { z } from 'zod';

/** A broker host's circuit, as an executor's breaker reports it. */
export const breakerState = z.enum(['closed', 'half_open', 'open']);
export type BreakerState = z.infer<typeof breakerState>;

/**
 * The value of one host's field in `redisKeys.brokerBreakers()`: the last state change an executor
 * saw on its circuit for that host, when, and which executor instance saw it.
 */
export const brokerBreakerRecord = z.object({
  state: breakerState,
  at: z.iso.datetime(),
  instanceId: z.string().min(1),
});
export type BrokerBreakerRecord = z.infer<typeof brokerBreakerRecord>;
