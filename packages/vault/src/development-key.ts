import { timingSafeEqual } from 'node:crypto';

/**
 * The master key docker-compose.yml falls back to when VAULT_KEYS is not set: base64 of the
 * 32 ASCII bytes "dev-only-key-do-not-use-in-prod!". It is public, so secrets sealed with it are not secret.
 */
export const developmentVaultKey = Buffer.from('dev-only-key-do-not-use-in-prod!', 'latin1');

/**
 * Whether a `VAULT_KEYS` spec holds the public development key under any key id. Never throws:
 * malformed entries are left to `parseMasterKeys`, which reports them.
 */
export function holdsDevelopmentKey(spec: string): boolean {
  return spec.split(',').some((entry) => {
    const value = entry.slice(entry.indexOf(':') + 1).trim();
    const key = Buffer.from(value, 'base64');
    return key.length === developmentVaultKey.length && timingSafeEqual(key, developmentVaultKey);
  });
}
