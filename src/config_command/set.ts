/**
 * `omn config set KEY VALUE`: changes one setting (never a secret).
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import { canonicalProvider } from "../providers/registry.ts";
import { isSecretField, setConfigValue } from "../config/schema.ts";

/** The inputs of `omn config set`. */
export interface ConfigSetOptions {
  /** A dotted key. */
  key: string;
  /** The new value, as typed. */
  value: string;
}

/** Sets one config value; refuses a secret field (those go through `omn keys set`). */
export async function runConfigSet(options: ConfigSetOptions, context: CliContext): Promise<void> {
  const { store } = await readConfig(context);
  const field = options.key.split(".").at(-1) ?? "";
  if (isSecretField(field)) {
    throw new UsageError(
      `Cannot set "${options.key}" from the command line: arguments are visible to other users and saved in shell history; use omn keys set`,
    );
  }
  const value = options.key === "default_provider"
    ? canonicalProvider(options.value)
    : options.value;
  await store.update((config) => setConfigValue(config, options.key, value), {
    reason: `set ${options.key}`,
  });
  await auditChange(context, {
    command: "config set",
    event: "config.set",
    key: options.key,
    value,
  });
}
