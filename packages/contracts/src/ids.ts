// Deterministic identifiers shared by producers and consumers. BullMQ refuses ':' in custom job ids.

/** Ties every job, order and audit event back to the master fill that caused it. */
export function correlationIdOf(masterAccountId: string, fillId: string): string {
  return `mf_${masterAccountId}_${fillId}`;
}

export function masterFillJobId(masterAccountId: string, fillId: string): string {
  return `mf_${masterAccountId}_${fillId}`;
}
