/**
 * The work of `omn profiles …`: list, add and remove profiles. Removing a
 * profile that holds keys needs `--yes`, and purges those keys from every
 * config backup.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile, selectedProfile } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { formatList } from "../core/format_list.ts";
import { purgeBackups } from "../keys/purge_backups.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { hasProfile, profileNames, profileView } from "../config/profile_view.ts";
import { checkProfileName } from "../config/select_profile.ts";
import { type Config, DEFAULT_PROFILE, SECRET_FIELDS } from "../config/schema.ts";

/** Every `profiles` verb with its parsed inputs. */
export type ProfilesRequest =
  | { verb: "list"; json: boolean }
  | { verb: "add"; name: string; json: boolean }
  | { verb: "rm"; name: string; yes: boolean; json: boolean };

/** One row of `omn profiles list`. */
export interface ProfileRow {
  name: string;
  /** Whether this run selected it (`--profile`, `OMNIMANCER_PROFILE`, else `default`). */
  selected: boolean;
  default_provider: string | null;
  /** Every provider configured in the profile. */
  providers: string[];
  /** The providers among them that hold a stored key (or secret reference). */
  keys: string[];
}

/** The stored secrets (values or references) of one profile, by provider. */
function storedKeys(config: Config, name: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [provider, entry] of Object.entries(profileView(config, name).providers ?? {})) {
    const values = SECRET_FIELDS.map((field) => entry[field]).filter((value): value is string =>
      value !== undefined
    );
    if (values.length > 0) found.set(provider, values);
  }
  return found;
}

/** `config` without any key stored in its profile `name` (a backup's copy). */
function withoutProfileKeys(config: Config, name: string): Config {
  if (!hasProfile(config, name) || name === DEFAULT_PROFILE) return config;
  const next = structuredClone(config);
  for (const entry of Object.values(next.profiles![name].providers ?? {})) {
    if (!SECRET_FIELDS.some((field) => entry[field] !== undefined)) continue;
    for (const field of SECRET_FIELDS) delete entry[field];
    delete entry.key_updated_at;
  }
  return next;
}

/** The rows of `omn profiles list`, `default` first. */
export function profileRows(config: Config, selected: string): ProfileRow[] {
  return profileNames(config).map((name) => {
    const view = profileView(config, name);
    return {
      name,
      selected: name === selected,
      default_provider: view.default_provider ?? null,
      providers: Object.keys(view.providers ?? {}),
      keys: [...storedKeys(config, name).keys()],
    };
  });
}

function formatRows(rows: readonly ProfileRow[], terminal: boolean): string {
  return formatList({
    header: ["", "profile", "default provider", "keys"],
    rows: rows.map((row) => [
      row.selected ? "*" : "",
      row.name,
      row.default_provider ?? "-",
      row.keys.join(", ") || "-",
    ]),
  }, { terminal });
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

async function listProfiles(request: { json: boolean }, context: CliContext): Promise<void> {
  const selected = selectedProfile(context);
  const { config } = await readConfigFile(context);
  const rows = profileRows(config, selected.name);
  await context.io.write(request.json ? json(rows) : formatRows(rows, context.io.stdoutIsTerminal));
  if (!hasProfile(config, selected.name)) {
    context.io.message(
      "warn",
      `${selected.source} selects the profile "${selected.name}", which does not exist: ` +
        `create it with omn profiles add ${selected.name}`,
    );
  }
}

async function addProfile(request: { name: string; json: boolean }, context: CliContext) {
  const name = checkProfileName(request.name, "omn profiles add");
  if (name === DEFAULT_PROFILE) {
    throw new UsageError(
      `The "${DEFAULT_PROFILE}" profile always exists: it is the top level of the config`,
    );
  }
  const { store } = await readConfigFile(context);
  await store.update((config) => {
    if (hasProfile(config, name)) {
      throw new RefusalError(`Profile "${name}" already exists: omn profiles list shows it`);
    }
    return { ...config, profiles: { ...config.profiles, [name]: {} } };
  }, { reason: `add profile ${name}` });
  await auditChange(context, {
    command: "profiles add",
    event: "config.set",
    key: `profiles.${name}`,
    profile: name,
  });
  if (request.json) await context.io.write(json({ added: name }));
  context.io.message(
    "info",
    `Added the profile "${name}": store its keys with omn --profile ${name} keys set PROVIDER`,
  );
}

async function removeProfile(
  request: { name: string; yes: boolean; json: boolean },
  context: CliContext,
): Promise<void> {
  const name = checkProfileName(request.name, "omn profiles rm");
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
    if (keys.size > 0 && !request.yes) {
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
  if (request.json) {
    await context.io.write(
      json({ removed: name, keys_removed: [...keys.keys()], backups_purged: purged }),
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

/** Runs one `profiles` verb. */
export async function runProfiles(request: ProfilesRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "list":
      return await listProfiles(request, context);
    case "add":
      return await addProfile(request, context);
    case "rm":
      return await removeProfile(request, context);
  }
}
