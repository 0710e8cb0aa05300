import type { Route } from './route.ts';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface Pattern {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Static paths by exact lookup (the hot path), templated ones by regex; `null` route = 405. */
export class Router {
  private readonly exact = new Map<string, Route>();
  private readonly patterns: Pattern[] = [];
  private readonly knownPaths = new Set<string>();

  constructor(routes: Route[]) {
    for (const route of routes) {
      this.knownPaths.add(route.path);
      if (!route.path.includes('{')) {
        this.exact.set(`${route.method} ${route.path}`, route);
        continue;
      }
      const names: string[] = [];
      const source = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.patterns.push({ route, regex: new RegExp(`^${source}$`), names });
    }
  }

  match(method: string, path: string): RouteMatch | 'method_not_allowed' | undefined {
    const hit = this.exact.get(`${method} ${path}`);
    if (hit) return { route: hit, params: {} };
    let pathKnown = this.knownPaths.has(path);
    for (const p of this.patterns) {
      const m = p.regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (p.route.method !== method) continue;
      const params: Record<string, string> = {};
      p.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route: p.route, params };
    }
    return pathKnown ? 'method_not_allowed' : undefined;
  }
}
