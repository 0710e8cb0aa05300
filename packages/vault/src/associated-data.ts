// Associated data is a JSON array so that no two (key id, account id) pairs can encode alike.
// The secret's AAD leaves out the key id: re-wrapping changes the key id and must not touch the secret.
export function secretAad(accountId: string): Buffer {
  return Buffer.from(JSON.stringify(['copytrade-vault', 'v1', 'secret', accountId]), 'utf8');
}

export function dataKeyAad(keyId: string, accountId: string): Buffer {
  return Buffer.from(JSON.stringify(['copytrade-vault', 'v1', 'data-key', keyId, accountId]), 'utf8');
}
