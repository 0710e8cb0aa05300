export { countStatements } from './count-statements.ts';
export { createTestDatabase, dropSchema, type TestDatabase } from './test-database.ts';
export { insertLogRow } from './insert-log-row.ts';
export { prismaLoadedBy } from './prisma-loaded-by.ts';
