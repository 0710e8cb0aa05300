import { z } from 'zod';
import { type MasterKeys, parseMasterKeys } from './master-keys.ts';
import { type Vault, createVault } from './vault.ts';
import { VaultError } from './vault-error.ts';

export const vaultEnvSchema = z.object({
  VAULT_KEYS: z.string().min(1),
  VAULT_ACTIVE_KEY_ID: z.string().min(1),
});

export type VaultEnv = z.infer<typeof vaultEnvSchema>;

/** Reads the master keys from the environment; errors name the variable, never its value. */
export function masterKeysFromEnv(env: Record<string, string | undefined> = process.env): MasterKeys {
  const parsed = vaultEnvSchema.safeParse(env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new VaultError('invalid_config', `missing or empty: ${missing}`);
  }
  return parseMasterKeys(parsed.data.VAULT_KEYS, parsed.data.VAULT_ACTIVE_KEY_ID);
}

export function vaultFromEnv(env: Record<string, string | undefined> = process.env): Vault {
  return createVault(masterKeysFromEnv(env));
}
