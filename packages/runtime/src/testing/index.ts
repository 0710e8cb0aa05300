export { watchKey } from './watch-key.ts';
