/**
 * Opens the config store for a command and makes sure every secret it holds
 * is known to the redaction module before anything can be printed.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { configPaths } from "./paths.ts";
import { ProfileConfigStore } from "./profile_store.ts";
import { profileView, providerEntries } from "./profile_view.ts";
import { type SelectedProfile, selectProfile } from "./select_profile.ts";
import { ConfigStore, type ConfigStoreOptions, type ReadOptions } from "./store.ts";
import { waitingMessage } from "./with_file_lock.ts";
import type { Config } from "./schema.ts";
import { SECRET_FIELDS } from "./config_constants.ts";
import { registerSecret } from "../security/redact.ts";
import { isSecretRef } from "./is_secret_ref.ts";

/** The config store of this run's config directory. */
export function openConfigStore(context: CliContext): ConfigStore {
  return new ConfigStore(configPaths(context.env), storeOptions(context));
}

/**
 * The run's clock, and a line on stderr while another process holds the
 * config lock; the wait for the lock runs on the run's `clock` when given.
 */
function storeOptions(context: CliContext): ConfigStoreOptions {
  const clock = context.clock;
  return {
    now: context.now,
    lock: {
      ...(clock ? { now: () => clock.now(), sleep: (ms: number) => clock.sleep(ms) } : {}),
      onWait: (holder, waitMs) =>
        context.io.message("info", waitingMessage("config", holder, waitMs)),
    },
  };
}

/**
 * Registers every secret value a config holds with the redaction module.
 * A secret reference (`vault://…`) is not a secret: it stays readable in
 * messages, and its value is registered when it is resolved.
 */
export function registerConfigSecrets(config: Config): void {
  for (const { provider, entry } of providerEntries(config)) {
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
 * The profile this run uses: `--profile`, else `OMNIMANCER_PROFILE`, else
 * `default`.
 *
 * @throws {UsageError} when the name is invalid.
 */
export function selectedProfile(context: CliContext): SelectedProfile {
  return selectProfile({ flag: context.profile, env: context.env("OMNIMANCER_PROFILE") });
}

/**
 * Reads the whole config file (every profile), registers its secrets and
 * prints its warnings; for the commands that work on the file itself
 * (`profiles`, `config import`, `export`, `backups`…).
 */
export async function readConfigFile(
  context: CliContext,
  options: ReadOptions = {},
): Promise<{ store: ConfigStore; config: Config; exists: boolean }> {
  const store = openConfigStore(context);
  const { config, exists, warnings } = await store.read(options);
  registerConfigSecrets(config);
  for (const warning of warnings) context.io.message("warn", warning);
  return { store, config, exists };
}

/**
 * Reads the config as the selected profile sees it ({@linkcode profileView}:
 * the profile's `default_provider` and `providers`, the shared `settings`),
 * registers the secrets of every profile and prints the file's warnings
 * (`options.stamped`: see {@linkcode ReadOptions}).
 * The store returned writes `providers.…` and `default_provider` into that
 * profile ({@linkcode ProfileConfigStore}).
 *
 * @throws {UnknownProfileError} when the selected profile is not `default`
 * and the config does not have it.
 */
export async function readConfig(
  context: CliContext,
  options: ReadOptions = {},
): Promise<{ store: ConfigStore; config: Config; exists: boolean; profile: string }> {
  const profile = selectedProfile(context).name;
  const { config, exists } = await readConfigFile(context, options);
  const store = new ProfileConfigStore(configPaths(context.env), profile, storeOptions(context));
  return { store, config: profileView(config, profile), exists, profile };
}
