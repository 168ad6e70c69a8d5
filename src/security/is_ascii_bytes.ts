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
    const view = new Int32Array(bytes.buffer, bytes.byteOffset + index, words);
    let wordSeen = 0;
    let word = 0;
    // Eight words a step: the loop's own cost is most of the time taken.
    for (const end = words & ~7; word < end; word += 8) {
      wordSeen |= view[word] | view[word + 1] | view[word + 2] | view[word + 3] |
        view[word + 4] | view[word + 5] | view[word + 6] | view[word + 7];
    }
    for (; word < words; word++) wordSeen |= view[word];
    if ((wordSeen & 0x80808080) !== 0) return false;
    index += words * 4;
  }
  while (index < length) seen |= bytes[index++];
  return (seen & 0x80) === 0;
}
