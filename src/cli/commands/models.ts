/**
 * `omn models [PROVIDER] [--json] [--refresh]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** The parsed flags of `models`. */
export interface ModelsFlags {
  provider?: string;
  json: boolean;
  refresh: boolean;
}

async function defaultAction(flags: ModelsFlags, context: CliContext): Promise<void> {
  const { runModels } = await import("../../providers/run_models.ts");
  await runModels(flags, context);
}

/** Declares `models`. */
export function modelsCommand(
  context: CliContext,
  action: (flags: ModelsFlags, context: CliContext) => Promise<void> = defaultAction,
) {
  return new Command("models")
    .description(
      "the built-in model catalogue (context, USD per million tokens), plus live lists with --refresh",
    )
    .argument("[provider]", "only this provider")
    .option("--json", "print JSON", false)
    .option("--refresh", "ask the provider for its current model ids (needs its key)", false)
    .addHelpText(
      "after",
      `
Examples:
  omn models anthropic
  omn models --json`,
    )
    .action((provider, options) =>
      action({ provider, json: options.json, refresh: options.refresh }, context)
    );
}
