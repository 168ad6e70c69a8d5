/**
 * `omn profiles rm NAME`: removes a profile; its keys are purged from every backup.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { purgeBackups } from "../keys/purge_backups.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { hasProfile } from "../config/profile_view.ts";
import { checkProfileName } from "../config/select_profile.ts";
import { DEFAULT_PROFILE } from "../config/config_constants.ts";
import { storedKeys, withoutProfileKeys } from "./stored_profile_keys.ts";
import { jsonText } from "./_json_text.ts";

/** The inputs of `omn profiles rm`. */
export interface ProfilesRemoveOptions {
  name: string;
  /** `--yes`: confirms removing a profile that holds keys. */
  yes: boolean;
  json: boolean;
}

/** Removes a profile; one holding keys needs `yes`, and its keys are purged from every backup. */
export async function runProfilesRemove(
  options: ProfilesRemoveOptions,
  context: CliContext,
): Promise<void> {
  const name = checkProfileName(options.name, "omn profiles rm");
  if (name === DEFAULT_PROFILE) {
    throw new UsageError(
      `The "${DEFAULT_PROFILE}" profile cannot be removed: it is the top level of the config; ` +
        `remove its keys with omn keys remove PROVIDER`,
    );
  }
  const { store } = await readConfigFile(context);
  let keys = new Map<string, string[]>();
  await store.update((config) => {
    if (!hasProfile(config, name)) {
      throw new RefusalError(
        `No profile "${name}" to remove: omn profiles list shows the profiles`,
      );
    }
    keys = storedKeys(config, name);
    if (keys.size > 0 && !options.yes) {
      throw new UsageError(
        `Profile "${name}" holds keys for ${[...keys.keys()].join(", ")}: removing it deletes ` +
          `them and purges them from every backup; confirm with omn profiles rm ${name} --yes`,
      );
    }
    const next = structuredClone(config);
    delete next.profiles![name];
    if (Object.keys(next.profiles!).length === 0) delete next.profiles;
    return next;
  }, { reason: `remove profile ${name}` });
  // Every backup's copy of the profile loses its keys (also keys it held earlier), then
  // the keys it holds now go from wherever else a backup holds them.
  const stripped = await store.purgeFromBackups((config) => withoutProfileKeys(config, name));
  const purged = stripped.rewritten.length +
    await purgeBackups(store, new Set([...keys.values()].flat()));
  await auditChange(context, {
    command: "profiles rm",
    event: "config.unset",
    key: `profiles.${name}`,
    profile: name,
  });
  for (const [provider, values] of keys) {
    await auditChange(context, {
      command: "profiles rm",
      event: "key.removed",
      provider,
      profile: name,
      previous: values.map(fingerprint),
    });
  }
  if (options.json) {
    await context.io.write(
      jsonText({ removed: name, keys_removed: [...keys.keys()], backups_purged: purged }),
    );
  }
  context.io.message(
    "info",
    keys.size === 0
      ? `Removed the profile "${name}"`
      : `Removed the profile "${name}" and its keys (${[...keys.keys()].join(", ")}), ` +
        `purged from ${purged} backup${purged === 1 ? "" : "s"}`,
  );
}
