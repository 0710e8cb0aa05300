// Persisted names: renaming one strands the jobs already waiting under the old name.
export const queueNames = {
  masterFills: 'master-fills',
  copyOrders: 'copy-orders',
  auditEvents: 'audit-events',
} as const;
