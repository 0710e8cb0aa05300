/**
 * A statement run many times: named, so each connection parses it once (node-postgres prepares it on
 * first use). It is still planned at every run (`plan_cache_mode=force_custom_plan`, see
 * `createSqlPool`). The executor's one-leg intent INSERT costs PostgreSQL a quarter less CPU this way
 * (`pnpm bench:statements`). Names are unique per pool: node-postgres refuses one name for two texts.
 */
export interface Statement {
  name: string;
  text: string;
}
