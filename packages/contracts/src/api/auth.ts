import { z } from 'zod';
import { user } from './users.ts';

export const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

/** The CSRF token goes back in the `x-csrf-token` header of every cookie-authenticated write. */
export const session = z.object({ user, csrfToken: z.string() }).meta({ id: 'Session' });

export const me = z.object({ user, authenticatedBy: z.enum(['session', 'api_key']) }).meta({ id: 'Me' });
export type Me = z.infer<typeof me>;
