/**
 * The work of `omn profiles …`: a thin dispatcher to one file per verb (list,
 * add, rm). Removing a profile that holds keys needs `--yes`, and purges those
 * keys from every config backup.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { type ProfilesAddOptions, runProfilesAdd } from "./add.ts";
import { type ProfilesListOptions, runProfilesList } from "./list.ts";
import { type ProfilesRemoveOptions, runProfilesRemove } from "./remove.ts";

/** Every `profiles` verb with its parsed inputs. */
export type ProfilesRequest =
  | { verb: "list" } & ProfilesListOptions
  | { verb: "add" } & ProfilesAddOptions
  | { verb: "rm" } & ProfilesRemoveOptions;

/** Runs one `profiles` verb. */
export async function runProfiles(request: ProfilesRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "list":
      return await runProfilesList(request, context);
    case "add":
      return await runProfilesAdd(request, context);
    case "rm":
      return await runProfilesRemove(request, context);
  }
}
