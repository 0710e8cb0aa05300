/**
 * How many authenticated REST requests each user made, by route (`GET /v2/positions`): what a test
 * reads to check how hard the platform leans on one account's key (Delta's quota is per user).
 */
export class RequestTally {
  private readonly byUser = new Map<number, Map<string, number>>();

  count(userId: number, route: string): void {
    let routes = this.byUser.get(userId);
    if (routes === undefined) {
      routes = new Map();
      this.byUser.set(userId, routes);
    }
    routes.set(route, (routes.get(route) ?? 0) + 1);
  }

  of(userId: number): Record<string, number> {
    return Object.fromEntries(this.byUser.get(userId) ?? []);
  }

  reset(): void {
    this.byUser.clear();
  }
}
