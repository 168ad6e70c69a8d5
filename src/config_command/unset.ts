/**
 * `omn config unset KEY`: removes one setting.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { unsetConfigValue } from "../config/schema.ts";

/** The inputs of `omn config unset`. */
export interface ConfigUnsetOptions {
  /** A dotted key. */
  key: string;
}

/** Removes one config value. */
export async function runConfigUnset(
  options: ConfigUnsetOptions,
  context: CliContext,
): Promise<void> {
  const { store } = await readConfig(context);
  await store.update((config) => unsetConfigValue(config, options.key), {
    reason: `unset ${options.key}`,
  });
  await auditChange(context, {
    command: "config unset",
    event: "config.unset",
    key: options.key,
  });
}
