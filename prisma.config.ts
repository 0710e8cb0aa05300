import { defineConfig } from 'prisma/config';

// The datasource URL matters only to Prisma's migrate commands on a connected machine; here the
// project's own runner (`pnpm db:migrate`) applies the committed SQL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/copytrade' },
});
