// Provisioning outside HTTP, for the create-admin CLI, the demo and end-to-end tests: the same
// functions the routes use, so a user or key made here is exactly one the API would make.
export { createApiKey as issueApiKey } from './api-keys/api-key-repository.ts';
export { createUser as provisionUser } from './users/user-repository.ts';
