export { createTestDatabase, dropSchema, type TestDatabase } from './test-database.ts';
