import type { CookieSerializeOptions } from '@fastify/cookie';

export const sessionCookie = 'ct_session';
/** Readable by the dashboard's scripts, which send it back as `x-csrf-token`. */
export const csrfCookie = 'ct_csrf';

export function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  const common: CookieSerializeOptions = { path: '/', sameSite: 'strict', secure, maxAge: maxAgeSeconds };
  return {
    session: { ...common, httpOnly: true, signed: true },
    csrf: { ...common, httpOnly: false },
  };
}
