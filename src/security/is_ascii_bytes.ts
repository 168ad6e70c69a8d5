/**
 * Whether bytes are all ASCII, four at a time.
 *
 * @module
 */

/**
 * Whether every byte of `bytes` is below 0x80: then its UTF-8 text is the
 * bytes themselves, one character each. Pure.
 *
 * @example
 * ```ts
 * import { isAsciiBytes } from "./is_ascii_bytes.ts";
 * isAsciiBytes(new TextEncoder().encode("key=value")); // true
 * isAsciiBytes(new TextEncoder().encode("ｋｅｙ")); // false
 * ```
 */
export function isAsciiBytes(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let index = 0;
  let seen = 0;
  // Up to the first 4-byte boundary of the buffer, then whole words, then the rest.
  while (index < length && (bytes.byteOffset + index) % 4 !== 0) seen |= bytes[index++];
  const words = (length - index) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + index, words);
    let wordSeen = 0;
    for (let word = 0; word < words; word++) wordSeen |= view[word];
    if ((wordSeen & 0x80808080) !== 0) return false;
    index += words * 4;
  }
  while (index < length) seen |= bytes[index++];
  return (seen & 0x80) === 0;
}
