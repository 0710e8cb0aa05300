// Where tests, the demo and the bootstrap look when REDIS_URL / DATABASE_URL are not set:
// the local servers of a development machine.
export const defaultUrls = {
  redis: 'redis://127.0.0.1:6379',
  database: 'postgresql://postgres@127.0.0.1:5432/copytrade',
} as const;
