/**
 * The keys a profile stores, and a config without them.
 *
 * @module
 */
import { hasProfile, profileView } from "../config/profile_view.ts";
import type { Config } from "../config/schema.ts";
import { DEFAULT_PROFILE, SECRET_FIELDS } from "../config/config_constants.ts";

/** The stored secrets (values or references) of one profile, by provider. */
export function storedKeys(config: Config, name: string): Map<string, string[]> {
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
export function withoutProfileKeys(config: Config, name: string): Config {
  if (!hasProfile(config, name) || name === DEFAULT_PROFILE) return config;
  const next = structuredClone(config);
  for (const entry of Object.values(next.profiles![name].providers ?? {})) {
    if (!SECRET_FIELDS.some((field) => entry[field] !== undefined)) continue;
    for (const field of SECRET_FIELDS) delete entry[field];
    delete entry.key_updated_at;
  }
  return next;
}
