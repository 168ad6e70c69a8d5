/**
 * The config store as one profile sees it: changes go to that profile.
 *
 * @module
 */
import type { ConfigPaths } from "./paths.ts";
import { profileView, withProfileView } from "./profile_view.ts";
import type { Config } from "./schema.ts";
import { ConfigStore, type ConfigStoreOptions, type UpdateOptions } from "./store.ts";

/**
 * A {@linkcode ConfigStore} whose {@linkcode ProfileConfigStore.update} hands
 * `mutate` the selected profile's view ({@linkcode profileView}) and writes
 * what it returns back into that profile ({@linkcode withProfileView}), so
 * that `keys set`, `config set providers.…` and every other writer change
 * the profile without knowing about profiles. Everything else (reading the
 * file, backups, purges, import and export) works on the whole file, every
 * profile included.
 *
 * @example
 * ```ts
 * import { ProfileConfigStore } from "./profile_store.ts";
 * import { configPaths } from "./paths.ts";
 * import { setConfigValue } from "./schema.ts";
 * const store = new ProfileConfigStore(configPaths((name) => Deno.env.get(name)), "prod");
 * await store.update((view) => setConfigValue(view, "default_provider", "openai"), {
 *   reason: "set default_provider",
 * }); // writes profiles.prod.default_provider
 * ```
 */
export class ProfileConfigStore extends ConfigStore {
  /** The profile that changes go to. */
  readonly profile: string;

  constructor(paths: ConfigPaths, profile: string, options: ConfigStoreOptions = {}) {
    super(paths, options);
    this.profile = profile;
  }

  /**
   * Changes the selected profile under the lock, as
   * {@linkcode ConfigStore.update} changes the file: `mutate` gets the
   * profile's view of the current file and returns the changed view.
   *
   * @returns the profile's view of the config as written.
   * @throws {UnknownProfileError} when the profile does not exist (any more).
   */
  override async update(
    mutate: (config: Config) => Config | Promise<Config>,
    options: UpdateOptions,
  ): Promise<Config> {
    const written = await super.update(async (config) => {
      const view = await mutate(profileView(config, this.profile));
      return withProfileView(config, this.profile, view);
    }, options);
    return profileView(written, this.profile);
  }
}
