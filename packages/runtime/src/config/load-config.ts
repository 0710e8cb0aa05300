import type { z } from 'zod';
import { productionProblems } from './production-guards.ts';

/** Start-up refused: names every offending variable, never a value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly variables: string[];
  constructor(problems: { variable: string; problem: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} (${p.problem})`).join('; ')}`);
    this.variables = problems.map((p) => p.variable);
  }
}

/**
 * Parses the environment through a zod object schema whose keys are variable names, then refuses
 * development defaults in production (`production-guards.ts`).
 * Issue messages are rewritten so that no received value (which may be a secret) is echoed.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    const refused = productionProblems(result.data as Record<string, unknown>);
    if (refused.length > 0) throw new ConfigError(refused);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => ({
    variable: String(issue.path[0] ?? '(environment)'),
    problem: describe(issue),
  }));
  throw new ConfigError(dedupe(problems));
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `expected ${issue.expected}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      // Custom refinements carry our own messages, which never include the value.
      return issue.message;
  }
}

function dedupe<T extends { variable: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.variable) && seen.add(item.variable));
}
