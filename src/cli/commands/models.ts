/**
 * `omn models [PROVIDER] [--json] [--refresh]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import type { ModelAliasOptions } from "../../models/run_model_alias.ts";
import type { ModelsOptions } from "../../models/run_models.ts";

async function defaultAction(flags: ModelsOptions, context: CliContext): Promise<void> {
  const { runModels } = await import("../../models/run_models.ts");
  await runModels(flags, context);
}

async function defaultAliasAction(options: ModelAliasOptions, context: CliContext): Promise<void> {
  const { runModelAlias } = await import("../../models/run_model_alias.ts");
  await runModelAlias(options, context);
}

/** Declares `models alias`. */
export function modelAliasCommand(
  context: CliContext,
  action: (options: ModelAliasOptions, context: CliContext) => Promise<void> = defaultAliasAction,
) {
  return new Command("alias")
    .description("name a provider and model: --model NAME then means PROVIDER/MODEL")
    .argument("[alias]", "the alias (letters, digits, ., _, -); without it, list the aliases")
    .argument("[target]", "PROVIDER/MODEL, e.g. openai/gpt-4o-mini")
    .option("--rm", "remove the alias", false)
    .option("--json", "print JSON", false)
    .addHelpText(
      "after",
      `
Examples:
  omn models alias fast mock/mock-1
  omn models alias --json
  omn models alias --rm fast`,
    )
    // `--json` after `alias` may be taken by `models` itself: either counts.
    .action((name, target, options, command) =>
      action({
        name,
        target,
        remove: options.rm,
        json: options.json || command.parent?.opts().json === true,
      }, context)
    );
}

/** `models` as the root's help lists it: its name, description and arguments. */
export function modelsHead() {
  return new Command("models")
    .description(
      "the built-in model catalogue (context, USD per million tokens), plus live lists with --refresh",
    )
    .argument("[provider]", "only this provider");
}

/** Declares `models`. */
export function modelsCommand(
  context: CliContext,
  action: (flags: ModelsOptions, context: CliContext) => Promise<void> = defaultAction,
  aliasAction: (options: ModelAliasOptions, context: CliContext) => Promise<void> =
    defaultAliasAction,
) {
  return modelsHead()
    .option("--json", "print JSON", false)
    .option("--refresh", "ask the provider for its current model ids (needs its key)", false)
    .addHelpText(
      "after",
      `
Examples:
  omn models anthropic
  omn models --json`,
    )
    .addCommand(modelAliasCommand(context, aliasAction))
    .action((provider, options) =>
      action({ provider, json: options.json, refresh: options.refresh }, context)
    );
}
