// Codes callers can branch on. Messages name what is wrong (an entry, a key id, a field), never a
// secret, a key's bytes or ciphertext.
export type VaultErrorCode =
  /** The sealed string is not a well-formed v1 record (wrong shape, bad base64, wrong lengths). */
  | 'malformed'
  /** The record's data key is wrapped under a master key id this vault does not hold. */
  | 'unknown_key_id'
  /**
   * The wrapped data key did not authenticate: the record was opened for another account, or its
   * key id / wrapping iv / wrapped key / wrapping tag was altered. GCM cannot tell these apart.
   */
  | 'auth_failed'
  /** The data key authenticated for this account but the secret did not: its iv, ciphertext or tag was altered. */
  | 'tampered'
  /** Master key configuration is invalid (VAULT_KEYS / VAULT_ACTIVE_KEY_ID). */
  | 'invalid_config'
  /** An argument is unusable (empty account id, non-string secret). */
  | 'invalid_input';

export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

export function isVaultError(error: unknown, code?: VaultErrorCode): error is VaultError {
  return error instanceof VaultError && (code === undefined || error.code === code);
}
