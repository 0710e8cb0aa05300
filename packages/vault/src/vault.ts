import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { gcmDecrypt, gcmEncrypt, keyBytes } from './aes-gcm.ts';
import { dataKeyAad, secretAad } from './associated-data.ts';
import { checkMasterKeys, type MasterKeys } from './master-keys.ts';
import { formatSealed, parseSealed, type SealedRecord } from './sealed-format.ts';
import { VaultError } from './vault-error.ts';

/**
 * Envelope encryption of API secrets: each record gets a fresh data key that encrypts the secret,
 * and the data key is wrapped by the active master key. Both layers bind the account id as
 * associated data, so a record copied to another account does not open.
 */
export class Vault {
  // Private fields and KeyObjects: neither util.inspect nor JSON.stringify can reach the key bytes.
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #activeKeyId: string;

  constructor(options: MasterKeys) {
    const { keys, activeKeyId } = checkMasterKeys(options);
    this.#keys = new Map([...keys].map(([keyId, key]) => [keyId, createSecretKey(key)]));
    this.#activeKeyId = activeKeyId;
  }

  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  seal(secret: string, accountId: string): string {
    if (typeof secret !== 'string') throw new VaultError('invalid_input', 'secret must be a string');
    checkAccountId(accountId);
    const dataKey = randomBytes(keyBytes);
    try {
      const box = gcmEncrypt(dataKey, Buffer.from(secret, 'utf8'), secretAad(accountId));
      return formatSealed(this.#wrap(dataKey, box, accountId));
    } finally {
      dataKey.fill(0);
    }
  }

  open(sealed: string, accountId: string): string {
    checkAccountId(accountId);
    const record = parseSealed(sealed);
    const dataKey = this.#unwrap(record, accountId);
    try {
      const plaintext = gcmDecrypt(dataKey, record.secret, secretAad(accountId));
      if (plaintext === null) throw new VaultError('tampered', 'sealed secret failed authentication');
      const secret = plaintext.toString('utf8');
      plaintext.fill(0);
      return secret;
    } finally {
      dataKey.fill(0);
    }
  }

  /** True when the record's data key is wrapped under a master key other than the active one. */
  needsRewrap(sealed: string): boolean {
    return parseSealed(sealed).keyId !== this.#activeKeyId;
  }

  /** Re-wraps only the data key under the active master key; the secret's iv, ciphertext and tag stay. */
  rewrap(sealed: string, accountId: string): string {
    checkAccountId(accountId);
    const record = parseSealed(sealed);
    const dataKey = this.#unwrap(record, accountId);
    try {
      if (record.keyId === this.#activeKeyId) return sealed;
      return formatSealed(this.#wrap(dataKey, record.secret, accountId));
    } finally {
      dataKey.fill(0);
    }
  }

  toJSON(): { activeKeyId: string; keyIds: string[] } {
    return { activeKeyId: this.#activeKeyId, keyIds: this.keyIds };
  }

  #wrap(dataKey: Buffer, secret: SealedRecord['secret'], accountId: string): SealedRecord {
    const keyId = this.#activeKeyId;
    const masterKey = this.#keys.get(keyId)!;
    return { keyId, wrappedKey: gcmEncrypt(masterKey, dataKey, dataKeyAad(keyId, accountId)), secret };
  }

  #unwrap(record: SealedRecord, accountId: string): Buffer {
    const masterKey = this.#keys.get(record.keyId);
    if (masterKey === undefined) {
      throw new VaultError(
        'unknown_key_id',
        `sealed secret uses master key ${record.keyId}, which is not loaded`,
      );
    }
    const dataKey = gcmDecrypt(masterKey, record.wrappedKey, dataKeyAad(record.keyId, accountId));
    if (dataKey === null) {
      throw new VaultError(
        'auth_failed',
        'data key failed authentication (other account, or altered record)',
      );
    }
    return dataKey;
  }
}

export function createVault(options: MasterKeys): Vault {
  return new Vault(options);
}

function checkAccountId(accountId: string): void {
  if (typeof accountId !== 'string' || accountId === '') {
    throw new VaultError('invalid_input', 'account id must be a non-empty string');
  }
}
