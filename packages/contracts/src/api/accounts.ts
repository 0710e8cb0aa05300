import { z } from 'zod';
import { uuid } from '../primitives.ts';
import { apiError } from './errors.ts';
import { nextCursor, pageQuery } from './paging.ts';

export const accountRole = z.enum(['master', 'follower']);
export const accountStatus = z.enum(['active', 'paused', 'disabled']);
export const pauseMode = z.enum(['close_only', 'frozen']);

const label = z.string().trim().min(1).max(100);
const exchangeKey = z.string().trim().min(1).max(200);
/** Write-only: never in an answer. */
const exchangeSecret = z.string().min(1).max(500);

/** A broker account as the API shows it: the API key's last 4 characters, never the secret. */
export const brokerAccount = z
  .object({
    id: uuid,
    userId: uuid,
    label: z.string(),
    role: accountRole,
    exchange: z.string(),
    baseUrl: z.string(),
    wsUrl: z.string().nullable(),
    apiKeyLast4: z.string(),
    status: accountStatus,
    pauseMode,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'BrokerAccount' });
export type BrokerAccount = z.infer<typeof brokerAccount>;

export const createAccountBody = z.strictObject({
  label,
  role: accountRole,
  /** One of the gateway's EXCHANGE_VENUES. */
  baseUrl: z.string().trim().min(1).max(300),
  apiKey: exchangeKey,
  apiSecret: exchangeSecret,
  /** Operators and admins only: the account belongs to this user. */
  userId: uuid.optional(),
});
export type CreateAccountBody = z.infer<typeof createAccountBody>;

export const updateAccountBody = z
  .strictObject({
    label: label.optional(),
    status: accountStatus.optional(),
    pauseMode: pauseMode.optional(),
    /** Key rotation: both, verified with the exchange before they replace the old ones. */
    apiKey: exchangeKey.optional(),
    apiSecret: exchangeSecret.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'at least one field is required')
  .refine((body) => (body.apiKey === undefined) === (body.apiSecret === undefined), {
    message: 'apiKey and apiSecret are rotated together',
    path: ['apiSecret'],
  });
export type UpdateAccountBody = z.infer<typeof updateAccountBody>;

export const accountParams = z.object({ id: uuid });
export const accountListQuery = z.strictObject({
  role: accountRole.optional(),
  status: accountStatus.optional(),
  /** Operators and admins: only this user's accounts. */
  userId: uuid.optional(),
  ...pageQuery,
});
export const accountList = z.object({ accounts: z.array(brokerAccount), nextCursor });

/** Extra answers of routes that ask the exchange: 422 key refused, 502 exchange unreachable. */
export const exchangeErrorResponses = { 422: apiError, 502: apiError } as const;
