/**
 * `omn providers [--json]` and `omn providers test [NAME]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** Every `providers` verb with its parsed inputs. */
export type ProvidersRequest =
  | { verb: "list"; json: boolean }
  | { verb: "test"; name?: string; json: boolean; timeoutMs?: number };

/** Runs a parsed `providers` request. */
export type ProvidersAction = (request: ProvidersRequest, context: CliContext) => Promise<void>;

async function defaultAction(request: ProvidersRequest, context: CliContext): Promise<void> {
  const { runProviders } = await import("../../providers/run_providers.ts");
  await runProviders(request, context);
}

/** Declares `providers`. */
export function providersCommand(context: CliContext, action: ProvidersAction = defaultAction) {
  const providers = new Command("providers")
    .description(
      "every provider: configured or not, where its credentials come from, endpoint, format check",
    )
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn providers
  omn providers test openai`,
    )
    .action((options) => action({ verb: "list", json: options.json }, context));
  providers.command("test")
    .description(
      "one minimal authenticated request per configured provider; exit 4 if any key is rejected",
    )
    .argument("[name]", "only this provider")
    .option("--json", "print JSON", false)
    .action((name, options) => action({ verb: "test", name, json: options.json }, context));
  return providers;
}
