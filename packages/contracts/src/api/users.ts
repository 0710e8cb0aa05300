import { z } from 'zod';
import { uuid } from '../primitives.ts';

export const userRole = z.enum(['admin', 'operator', 'client']);
export type UserRole = z.infer<typeof userRole>;

/** At least 12 characters; the upper bound keeps scrypt's input small. */
export const password = z.string().min(12, 'must be at least 12 characters').max(256);
export const email = z.email().max(254).toLowerCase();
export const userName = z.string().trim().min(1).max(100);

/** A user as the API shows it: never the password hash. */
export const user = z
  .object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    role: userRole,
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

export const createUserBody = z.strictObject({
  email,
  name: userName,
  role: userRole.default('client'),
  /** Without one the user has API keys only (no browser login). */
  password: password.optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .strictObject({ name: userName.optional(), role: userRole.optional() })
  .refine((body) => Object.keys(body).length > 0, 'name or role is required');
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const userParams = z.object({ id: uuid });
export const userList = z.object({ users: z.array(user) });
