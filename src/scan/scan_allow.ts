/**
 * `omn scan --allow FP`: acknowledge a finding by its fingerprint in the
 * config's `settings.scan_allow`.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import { UsageError } from "../core/errors.ts";
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";

/** A finding's fingerprint as `scan` prints it. */
export const FINGERPRINT_PATTERN: RegExp = /^fp:[0-9a-f]{12}$/;

/**
 * `config` with `fingerprint` added to `settings.scan_allow` (once, sorted).
 *
 * @example
 * ```ts
 * import { withScanAllow } from "./scan_allow.ts";
 * withScanAllow({ version: 1 }, "fp:0123456789ab").settings?.scan_allow; // ["fp:0123456789ab"]
 * ```
 */
export function withScanAllow(config: Config, fingerprint: string): Config {
  const current = config.settings?.scan_allow ?? [];
  const scanAllow = [...new Set([...current, fingerprint])].sort();
  return { ...config, settings: { ...config.settings, scan_allow: scanAllow } };
}

/**
 * Checks `fingerprint`, adds it to the config under the store's lock,
 * records the change in the audit log and says so on stderr.
 *
 * @throws {UsageError} when it is not a fingerprint (`fp:` and 12 hex digits).
 */
export async function addScanAllow(
  fingerprint: string,
  store: ConfigStore,
  context: CliContext,
): Promise<void> {
  if (!FINGERPRINT_PATTERN.test(fingerprint)) {
    throw new UsageError(
      `Invalid fingerprint "${fingerprint}": expected "fp:" and 12 hex digits, as omn scan prints it`,
    );
  }
  await store.update((config) => withScanAllow(config, fingerprint), {
    reason: "scan --allow",
  });
  await auditChange(context, {
    command: "scan",
    event: "config.set",
    key: "settings.scan_allow",
    value: fingerprint,
  });
  context.io.message("info", `Allowed ${fingerprint}: omn scan now reports it as allowed`);
}
