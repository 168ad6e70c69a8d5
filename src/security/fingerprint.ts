/**
 * Short stable names for secrets.
 *
 * @module
 */
import { sha256Hex } from "./sha256.ts";

/**
 * A short stable id for `secret` that names it without revealing it:
 * `fp:` followed by the first 12 hex digits of its SHA-256.
 *
 * @example
 * ```ts
 * import { fingerprint } from "./fingerprint.ts";
 * fingerprint("sk-ant-api03-..."); // "fp:" + 12 hex digits, the same on every run
 * ```
 */
export function fingerprint(secret: string): string {
  return `fp:${sha256Hex(secret).slice(0, 12)}`;
}
