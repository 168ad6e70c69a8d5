/**
 * `omn profiles list|add|rm`: named sets of provider settings and keys, so
 * that development and production keys never mix. A run selects one with
 * `--profile NAME` or `OMNIMANCER_PROFILE`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import type { ProfilesRequest } from "../../profiles/run_profiles.ts";

/** Runs a parsed `profiles` request. */
export type ProfilesAction = (request: ProfilesRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: ProfilesRequest, context: CliContext): Promise<void> {
  const { runProfiles } = await import("../../profiles/run_profiles.ts");
  await runProfiles(request, context);
}

/** `profiles` as the root's help lists it: its name, description and arguments. */
export function profilesHead() {
  return new Command("profiles")
    .description("list, add and remove profiles: separate providers and keys per environment");
}

/** Declares `profiles` and its verbs. */
export function profilesCommand(context: CliContext, action: ProfilesAction = defaultAction) {
  const run = (request: ProfilesRequest) => action(request, context);
  // `--json` after a verb may be taken by `profiles` itself: either counts.
  const json = (options: { json: boolean }) => options.json || profiles.opts().json;
  const profiles = profilesHead()
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
A profile holds its own default_provider and providers (keys, base URLs,
regions), nothing inherited; the top level of the config is the "default"
profile. Select one with --profile NAME or OMNIMANCER_PROFILE.

Examples:
  omn profiles
  omn profiles add prod
  omn --profile prod keys list`,
    )
    .action((options) => run({ verb: "list", json: options.json }));
  profiles.command("list")
    .description("every profile: default provider and the providers holding keys")
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn profiles list
  omn profiles list --json`,
    )
    .action((options) => run({ verb: "list", json: json(options) }));
  profiles.command("add")
    .description("add an empty profile")
    .argument("<name>", 'profile name: 1 to 32 lowercase letters, digits, "_" and "-"')
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn profiles add staging
  omn --profile staging config set default_provider mock`,
    )
    .action((name, options) => run({ verb: "add", name, json: json(options) }));
  profiles.command("rm")
    .description("remove a profile and purge its keys from every backup")
    .argument("<name>", "profile name (not default)")
    .option("--yes", "confirm removing a profile that holds keys", false)
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn profiles rm staging
  omn profiles rm prod --yes`,
    )
    .action((name, options) => run({ verb: "rm", name, yes: options.yes, json: json(options) }));
  return profiles;
}
