import { keyBytes } from './aes-gcm.ts';
import { isKeyId } from './key-id.ts';
import { VaultError } from './vault-error.ts';

export type MasterKeys = { keys: Map<string, Buffer>; activeKeyId: string };

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses `VAULT_KEYS` (`<keyId>:<base64 of 32 bytes>,...`) and checks `VAULT_ACTIVE_KEY_ID` names one
 * of them. Errors name the entry (position and key id), never its value.
 */
export function parseMasterKeys(spec: string, activeKeyId: string): MasterKeys {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw invalid('VAULT_KEYS holds no keys');
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const at = `VAULT_KEYS entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw invalid(`${at} is not "<keyId>:<base64 key>"`);
    const keyId = entry.slice(0, colon).trim();
    const value = entry.slice(colon + 1).trim();
    if (!isKeyId(keyId)) throw invalid(`${at} has an invalid key id (1-64 of A-Z a-z 0-9 _ -)`);
    const named = `${at} (${keyId})`;
    if (keys.has(keyId)) throw invalid(`${named} repeats a key id`);
    if (!base64.test(value)) throw invalid(`${named} is not padded base64`);
    const key = Buffer.from(value, 'base64');
    if (key.length !== keyBytes)
      throw invalid(`${named} must decode to ${keyBytes} bytes, got ${key.length}`);
    keys.set(keyId, key);
  });
  return checkMasterKeys({ keys, activeKeyId: activeKeyId.trim() });
}

/** Checks keys handed over directly (not from the env spec) by the same rules. */
export function checkMasterKeys({ keys, activeKeyId }: MasterKeys): MasterKeys {
  if (keys.size === 0) throw invalid('no master keys');
  for (const [keyId, key] of keys) {
    if (!isKeyId(keyId)) throw invalid('a master key has an invalid key id (1-64 of A-Z a-z 0-9 _ -)');
    if (key.length !== keyBytes) throw invalid(`master key ${keyId} must be ${keyBytes} bytes`);
  }
  if (activeKeyId === '') throw invalid('VAULT_ACTIVE_KEY_ID is empty');
  // Checked before echoing it: a key value pasted here by mistake is never a valid key id (it ends in '=').
  if (!isKeyId(activeKeyId)) throw invalid('VAULT_ACTIVE_KEY_ID is not a valid key id');
  if (!keys.has(activeKeyId)) {
    throw invalid(
      `VAULT_ACTIVE_KEY_ID names key ${JSON.stringify(activeKeyId)}, which VAULT_KEYS does not hold`,
    );
  }
  return { keys, activeKeyId };
}

function invalid(message: string): VaultError {
  return new VaultError('invalid_config', message);
}
