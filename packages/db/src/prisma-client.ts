import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { parseDatabaseUrl } from './database-url.ts';

export type Db = PrismaClient;

export interface DbOptions {
  databaseUrl: string;
  /** Pool size of the driver adapter. @defaultValue 10 */
  poolSize?: number;
}

/** A Prisma client on the node-postgres driver adapter, honouring `?schema=` in the URL. */
export function createDb(options: DbOptions): Db {
  const target = parseDatabaseUrl(options.databaseUrl);
  const adapter = new PrismaPg(
    {
      connectionString: target.connectionString,
      max: options.poolSize ?? 10,
      // Raw SQL ($queryRaw) must land in the same schema as Prisma's own queries.
      options: `-c search_path="${target.schema}"`,
    },
    { schema: target.schema },
  );
  return new PrismaClient({ adapter });
}
