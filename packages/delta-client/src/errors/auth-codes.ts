// Delta's auth failures, normalised (lower case, no separators) because the documentation shows
// both `expired_signature`-style and `SignatureExpired`-style spellings.
const authCodes = new Set([
  'invalidapikey',
  'apikeynotfound',
  'invalidsignature',
  'expiredsignature',
  'signatureexpired',
  'requestexpired',
  'ipnotwhitelistedforapikey',
  'ipnotwhitelisted',
  'unauthorizedapiaccess',
  'unauthorized',
  'forbidden',
  'insufficientpermission',
  'insufficientpermissions',
  'permissiondenied',
  'missingpermission',
  'keynottradingenabled',
]);

const expiredCodes = new Set(['expiredsignature', 'signatureexpired', 'requestexpired']);

function normalise(code: string): string {
  return code.toLowerCase().replace(/[^a-z]/g, '');
}

export function isAuthCode(code: string | undefined): boolean {
  return code !== undefined && authCodes.has(normalise(code));
}

/** An expired signature is a clock problem: resync and retry once. */
export function isExpiredSignatureCode(code: string | undefined): boolean {
  return code !== undefined && expiredCodes.has(normalise(code));
}
