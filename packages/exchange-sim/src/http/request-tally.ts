/**
 * How many REST requests each user made (authenticated), and how many came without a key, by route
 * (`GET /v2/positions`): what a test reads to check how hard the platform leans on one account's key
 * or on the host's public quota (Delta counts per user, and per IP without a key).
 */
export class RequestTally {
  private readonly byUser = new Map<number | 'public', Map<string, number>>();

  count(userId: number | 'public', route: string): void {
    let routes = this.byUser.get(userId);
    if (routes === undefined) {
      routes = new Map();
      this.byUser.set(userId, routes);
    }
    routes.set(route, (routes.get(route) ?? 0) + 1);
  }

  of(userId: number | 'public'): Record<string, number> {
    return Object.fromEntries(this.byUser.get(userId) ?? []);
  }

  reset(): void {
    this.byUser.clear();
  }
}
