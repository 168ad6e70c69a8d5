/**
 * `omn keys remove PROVIDER`: removes a stored key from the profile and every backup.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError } from "../core/errors.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { canonicalProviderId } from "../permissions/provider_credentials.ts";
import { shadowingVariable, storedSecrets, withoutValues } from "./_stored_keys.ts";
import { purgeBackups } from "./purge_backups.ts";

/** The inputs of `omn keys remove`. */
export interface KeysRemoveOptions {
  /** The provider whose stored key goes. */
  provider: string;
}

/** Removes the stored key of a provider; refuses when none is stored. */
export async function runKeysRemove(
  options: KeysRemoveOptions,
  context: CliContext,
): Promise<void> {
  const { store, config, profile } = await readConfig(context);
  const provider = canonicalProviderId(options.provider);
  const old = new Set(storedSecrets(config.providers?.[provider]));
  if (old.size === 0) {
    throw new RefusalError(
      `No stored key for ${provider} in profile "${profile}": nothing to remove`,
    );
  }
  await store.update((current) => withoutValues(current, old), {
    reason: `remove ${provider} key`,
  });
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: "keys remove",
    event: "key.removed",
    provider,
    previous: [...old].map(fingerprint),
  });
  context.io.message(
    "info",
    `Removed the ${provider} key from profile "${profile}" of ${store.paths.file} and ${purged} backup${
      purged === 1 ? "" : "s"
    }`,
  );
  const variable = shadowingVariable(provider, context);
  if (variable) context.io.message("warn", `${variable} is still set in the environment`);
}
