/**
 * `omn profiles add NAME`: adds an empty profile.
 *
 * @module
 */
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { hasProfile } from "../config/profile_view.ts";
import { checkProfileName } from "../config/select_profile.ts";
import { DEFAULT_PROFILE } from "../config/config_constants.ts";
import { jsonText } from "./_json_text.ts";

/** The inputs of `omn profiles add`. */
export interface ProfilesAddOptions {
  name: string;
  json: boolean;
}

/** Adds an empty profile; refuses `default` and a name that exists. */
export async function runProfilesAdd(
  options: ProfilesAddOptions,
  context: CliContext,
): Promise<void> {
  const name = checkProfileName(options.name, "omn profiles add");
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
  if (options.json) await context.io.write(jsonText({ added: name }));
  context.io.message(
    "info",
    `Added the profile "${name}": store its keys with omn --profile ${name} keys set PROVIDER`,
  );
}
