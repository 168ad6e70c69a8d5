/**
 * Opens the config store for a command and makes sure every secret it holds
 * is known to the redaction module before anything can be printed.
 *
 * @module
 */
import type { CliContext } from "./context.ts";
import { configPaths } from "../config/paths.ts";
import { ConfigStore } from "../config/store.ts";
import { type Config, SECRET_FIELDS } from "../config/schema.ts";
import { registerSecret } from "../security/redact.ts";
import { isSecretRef } from "../secrets/parse_secret_ref.ts";

/** The config store of this run's config directory. */
export function openConfigStore(context: CliContext): ConfigStore {
  return new ConfigStore(configPaths(context.env), { now: context.now });
}

/**
 * Registers every secret value a config holds with the redaction module.
 * A secret reference (`vault://…`) is not a secret: it stays readable in
 * messages, and its value is registered when it is resolved.
 */
export function registerConfigSecrets(config: Config): void {
  for (const [provider, entry] of Object.entries(config.providers ?? {})) {
    for (const field of SECRET_FIELDS) {
      const value = entry[field];
      if (value && !isSecretRef(value)) registerSecret(value, `${provider}/${field}`);
    }
    if (entry.service_account) {
      try {
        const key = JSON.parse(entry.service_account).private_key;
        if (typeof key === "string") registerSecret(key, `${provider}/private_key`);
      } catch {
        // validated by the schema; nothing more to register
      }
    }
  }
}

/**
 * Reads the config, registers its secrets and prints its warnings; the store
 * is returned for commands that go on to change it.
 */
export async function readConfig(
  context: CliContext,
): Promise<{ store: ConfigStore; config: Config; exists: boolean }> {
  const store = openConfigStore(context);
  const { config, exists, warnings } = await store.read();
  registerConfigSecrets(config);
  for (const warning of warnings) context.io.message("warn", warning);
  return { store, config, exists };
}
