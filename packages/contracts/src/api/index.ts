export { apiError, errorResponses, type ApiError } from './errors.ts';
export {
  createUserBody,
  email,
  password,
  updateUserBody,
  user,
  userList,
  userName,
  userParams,
  userRole,
  type CreateUserBody,
  type UpdateUserBody,
  type User,
  type UserRole,
} from './users.ts';
export {
  apiKey,
  apiKeyList,
  apiKeyListQuery,
  apiKeyParams,
  createApiKeyBody,
  createdApiKey,
  type ApiKey,
  type CreateApiKeyBody,
} from './api-keys.ts';
export { loginBody, me, session, type LoginBody, type Me } from './auth.ts';
export { healthz, readyz } from './health.ts';
export * from './records/index.ts';
export * from './accounts.ts';
export * from './follows.ts';
export { nextCursor, pageQuery } from './paging.ts';
export * from './triggers.ts';
export * from './kill-switch.ts';
export * from './status.ts';
export * from './live-events.ts';
export * from './venues.ts';
export * from './latency.ts';
export * from './manual-actions.ts';
export * from './notifications.ts';
