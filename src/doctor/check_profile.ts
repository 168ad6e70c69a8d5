/**
 * Doctor: which profile the run uses and whether the config has it. Pure.
 *
 * @module
 */
import { hasProfile, profileNames } from "../config/profile_view.ts";
import type { SelectedProfile } from "../config/select_profile.ts";
import type { Config } from "../config/schema.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/**
 * Passes naming the selected profile and where its name came from (the key
 * and endpoint items are that profile's); fails when the config has no
 * such profile.
 *
 * @example
 * ```ts
 * import { checkProfile } from "./check_profile.ts";
 * checkProfile({ name: "default", source: "default" }, { version: 1 }).status; // "pass"
 * ```
 */
export function checkProfile(selected: SelectedProfile, config: Config): DoctorCheck {
  if (!hasProfile(config, selected.name)) {
    return {
      id: "profile",
      status: "fail",
      detail: `profile "${selected.name}" (from ${selected.source}) does not exist; ` +
        `the config has ${profileNames(config).join(", ")}`,
      fix:
        `omn profiles add ${selected.name}, or select one of the profiles omn profiles list shows`,
    };
  }
  const from = selected.source === "default"
    ? "neither --profile nor OMNIMANCER_PROFILE set"
    : `from ${selected.source}`;
  return {
    id: "profile",
    status: "pass",
    detail: `profile "${selected.name}" (${from}): the key and endpoint items are this profile's`,
  };
}
