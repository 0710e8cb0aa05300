import { holdsDevelopmentKey } from '@copytrade/vault';

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/**
 * What a production process must not start with, whatever else its schema accepts: the public
 * development vault key (docker-compose.yml's fallback) and a database URL without a password
 * (the local trust default). Only the variables a config holds are checked; messages never carry a value.
 */
export function productionProblems(config: Record<string, unknown>): ConfigProblem[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: ConfigProblem[] = [];
  if (typeof config.VAULT_KEYS === 'string' && holdsDevelopmentKey(config.VAULT_KEYS))
    problems.push({
      variable: 'VAULT_KEYS',
      problem: 'holds the public development key; refused in production',
    });
  if (typeof config.DATABASE_URL === 'string' && !hasPassword(config.DATABASE_URL))
    problems.push({ variable: 'DATABASE_URL', problem: 'has no password; refused in production' });
  return problems;
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}
