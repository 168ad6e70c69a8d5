/**
 * `omn trust [DIR]`, `omn trust --list [--json]` and `omn untrust [DIR]`:
 * the directories whose `./.env` omn reads credentials from.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import type { TrustRequest } from "../../trust/run_trust.ts";

/** Runs a parsed trust request. */
export type TrustAction = (request: TrustRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: TrustRequest, context: CliContext): Promise<void> {
  const { runTrust } = await import("../../trust/run_trust.ts");
  await runTrust(request, context);
}

/** `trust` as the root's help lists it: its name, description and arguments. */
export function trustHead() {
  return new Command("trust")
    .description("let omn use the credentials of ./.env in a directory (default: this one)")
    .argument("[dir]", "the directory to trust; default the working directory");
}

/** Declares `trust`. */
export function trustCommand(context: CliContext, action: TrustAction = defaultAction) {
  return trustHead()
    .option("--list", "list the trusted directories", false)
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
omn reads credentials from ./.env only in a directory you trusted, so that a
.env that came with a cloned repository cannot send your prompts to someone
else's account. Subdirectories are not trusted with their parent. In CI, set
OMNIMANCER_TRUST_DOTENV=1 instead. Undo with omn untrust.

Examples:
  omn trust
  omn trust --list
  omn trust --list --json`,
    )
    .action((dir, options) =>
      action(
        options.list
          ? { verb: "list", json: options.json }
          : { verb: "trust", ...(dir === undefined ? {} : { dir }), json: options.json },
        context,
      )
    );
}

/** `untrust` as the root's help lists it: its name, description and arguments. */
export function untrustHead() {
  return new Command("untrust")
    .description("stop using the credentials of ./.env in a directory (default: this one)")
    .argument("[dir]", "the directory; default the working directory");
}

/** Declares `untrust`. */
export function untrustCommand(context: CliContext, action: TrustAction = defaultAction) {
  return untrustHead()
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn untrust
  omn untrust --json`,
    )
    .action((dir, options) =>
      action(
        { verb: "untrust", ...(dir === undefined ? {} : { dir }), json: options.json },
        context,
      )
    );
}
