const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHUNK_CHARS = 5; // 62^5 ≈ 9.2e8 < 2^32, so one 32-bit word feeds five characters

/**
 * Base62 text from `chars / 5` big-endian 32-bit words of `bytes` (each word mod 62^5, ~29.8 bits).
 * Plain number arithmetic: BigInt would cost several microseconds per id on the copy path.
 */
export function base62FromBytes(bytes: Uint8Array, chars: number): string {
  const words = chars / CHUNK_CHARS;
  if (!Number.isInteger(words) || bytes.length < words * 4) throw new RangeError('not enough bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let w = 0; w < words; w++) {
    let word = view.getUint32(w * 4);
    for (let i = 0; i < CHUNK_CHARS; i++) {
      out += ALPHABET[word % 62];
      word = Math.floor(word / 62);
    }
  }
  return out;
}
