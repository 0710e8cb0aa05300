export { type MasterKeys, parseMasterKeys } from './master-keys.ts';
export {
  type RotationOutcome,
  type RotationReport,
  rotateAll,
  rotateEach,
  rotateOne,
  type StoredSecret,
} from './rotate.ts';
export { createVault, Vault } from './vault.ts';
export { masterKeysFromEnv, type VaultEnv, vaultEnvSchema, vaultFromEnv } from './vault-env.ts';
export { isVaultError, VaultError, type VaultErrorCode } from './vault-error.ts';
export { developmentVaultKey, holdsDevelopmentKey } from './development-key.ts';
