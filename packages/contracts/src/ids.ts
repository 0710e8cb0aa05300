// Deterministic identifiers shared by producers and consumers. BullMQ refuses ':' in custom job ids.

/** Ties every job, order and audit event back to the master fill that caused it. */
export function correlationIdOf(masterAccountId: string, fillId: string): string {
  return `mf_${masterAccountId}_${fillId}`;
}

export function masterFillJobId(masterAccountId: string, fillId: string): string {
  return `mf_${masterAccountId}_${fillId}`;
}

/**
 * One webhook delivery job per (endpoint, event), so the notifier enqueueing an event twice sends it
 * once; `round` counts redeliveries asked for through the gateway (0 for the first).
 */
export function webhookDeliveryJobId(endpointId: string, eventId: string, round: number): string {
  const event = Buffer.from(eventId, 'utf8').toString('base64url');
  return `wh_${endpointId}_${event}_${round}`;
}
