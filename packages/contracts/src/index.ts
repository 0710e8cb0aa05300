export { queueNames } from './queues.ts';
