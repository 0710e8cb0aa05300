// Prisma's URLs carry the PostgreSQL schema as `?schema=name`; node-postgres does not know that
// parameter, so it is split off here and applied as the search path / adapter option.
export interface DatabaseTarget {
  connectionString: string;
  schema: string;
  database: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must be a postgresql:// URL (got ${parsed.protocol})`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(schema))
    throw new Error(`invalid schema name in DATABASE_URL: ${schema}`);
  parsed.searchParams.delete('schema');
  return {
    connectionString: parsed.toString(),
    schema,
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
