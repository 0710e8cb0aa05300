import { z } from 'zod';

/** An exchange a broker account may use: `baseUrl` is what an account's `baseUrl` must name. */
export const venue = z
  .object({
    baseUrl: z.string().describe('the REST base URL'),
    wsUrl: z.string().describe('the WebSocket URL the platform listens on'),
  })
  .meta({ id: 'Venue' });
export type Venue = z.infer<typeof venue>;

export const venueList = z.object({ venues: z.array(venue) });
