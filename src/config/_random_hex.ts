/**
 * Random names for temporary, probe and backup files.
 *
 * @module
 */

/** `byteCount` random bytes from the system's CSPRNG, as lowercase hex. */
export function randomHex(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
