export { createTestDatabase, dropSchema, type TestDatabase } from './test-database.ts';
export { insertLogRow } from './insert-log-row.ts';
