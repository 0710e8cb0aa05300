import type { User } from '@copytrade/db';

/** Who is calling, and how they proved it. */
export interface Principal {
  user: User;
  via: 'session' | 'api_key';
  apiKeyId?: string;
  /** Cookie-authenticated requests only: the session id and the CSRF token bound to it. */
  session?: { id: string; csrfToken: string };
}
