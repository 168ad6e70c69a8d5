/**
 * `omn providers [--json]` and `omn providers test [NAME]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { examples } from "../examples.ts";
import type { ProvidersRequest } from "../../providers_command/run_providers.ts";

/** Runs a parsed `providers` request. */
export type ProvidersAction = (request: ProvidersRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: ProvidersRequest, context: CliContext): Promise<void> {
  const { runProviders } = await import("../../providers_command/run_providers.ts");
  await runProviders(request, context);
}

/** `providers` as the root's help lists it: its name, description and arguments. */
export function providersHead() {
  return new Command("providers")
    .description(
      "every provider: configured or not, where its credentials come from, endpoint, format check",
    );
}

/** Declares `providers`. */
export function providersCommand(context: CliContext, action: ProvidersAction = defaultAction) {
  const providers = providersHead()
    .addHelpText(
      "after",
      examples("omn providers", "omn providers --json", "omn providers test mock"),
    );
  // `list` is the default verb, so `omn providers --json` lists and `providers test --json`
  // reaches `test`: the flag belongs to each verb, not to the parent.
  providers.command("list", { isDefault: true })
    .description("every provider, as above (the default verb)")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn providers list", "omn providers list --json"))
    .action((options) => action({ verb: "list", json: options.json }, context));
  providers.command("test")
    .description(
      "one minimal authenticated request per configured provider; exit 4 if any key is rejected",
    )
    .argument("[name]", "only this provider")
    .option("--json", "print JSON", false)
    .addHelpText("after", examples("omn providers test", "omn providers test mock --json"))
    .action((name, options) => action({ verb: "test", name, json: options.json }, context));
  return providers;
}
