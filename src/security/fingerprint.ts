/**
 * Short stable names for secrets.
 *
 * @module
 */
import { createHash } from "node:crypto";

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
  return `fp:${createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 12)}`;
}
