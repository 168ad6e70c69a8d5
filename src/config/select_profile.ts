/**
 * Which profile a run uses: `--profile NAME`, else `OMNIMANCER_PROFILE`,
 * else `default`. Pure: the caller passes the flag and the variable.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import { DEFAULT_PROFILE, PROFILE_NAME_PATTERN } from "./config_constants.ts";

/** Where the selected profile's name came from. */
export type ProfileSource = "--profile" | "OMNIMANCER_PROFILE" | "default";

/** The profile a run uses, and where its name came from. */
export interface SelectedProfile {
  name: string;
  source: ProfileSource;
}

/** Longest name repeated in a message; anything longer is not a profile name anyway. */
const MAX_SHOWN = 40;

/**
 * `name` when it is a valid profile name.
 *
 * @example
 * ```ts
 * import { checkProfileName } from "./select_profile.ts";
 * checkProfileName("prod", "--profile"); // "prod"
 * ```
 *
 * @throws {UsageError} when it is not `[a-z0-9][a-z0-9_-]{0,31}`; `origin` is named.
 */
export function checkProfileName(name: string, origin: string): string {
  if (PROFILE_NAME_PATTERN.test(name)) return name;
  const shown = name.length > MAX_SHOWN ? `a name of ${name.length} characters` : `"${name}"`;
  throw new UsageError(
    `Invalid profile name ${shown} given to ${origin}: expected 1 to 32 lowercase letters, digits, ` +
      `"_" and "-", starting with a letter or digit`,
  );
}

/**
 * The profile selected by the `--profile` flag, else by the
 * `OMNIMANCER_PROFILE` variable (an empty one counts as unset), else
 * `default`. The name is checked, not whether the profile exists.
 *
 * @example
 * ```ts
 * import { selectProfile } from "./select_profile.ts";
 * selectProfile({ flag: undefined, env: "prod" }); // { name: "prod", source: "OMNIMANCER_PROFILE" }
 * ```
 *
 * @throws {UsageError} when the name is invalid.
 */
export function selectProfile(
  given: { flag?: string; env?: string },
): SelectedProfile {
  if (given.flag !== undefined) {
    return { name: checkProfileName(given.flag, "--profile"), source: "--profile" };
  }
  if (given.env !== undefined && given.env !== "") {
    return {
      name: checkProfileName(given.env, "OMNIMANCER_PROFILE"),
      source: "OMNIMANCER_PROFILE",
    };
  }
  return { name: DEFAULT_PROFILE, source: "default" };
}
