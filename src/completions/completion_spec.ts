/**
 * What shell completion needs to know, read from the command tree itself so
 * that every command and option is covered: for each command path, its
 * subcommands and options, and the values some options and arguments take.
 *
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { catalogModels } from "../providers/catalog.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";

/** One command's completions; `path` is "" for the root, else "config backups". */
export interface CompletionNode {
  path: string;
  subcommands: string[];
  /** Long and short flags, e.g. `--provider`, `-m`. */
  options: string[];
  /** Flags that take a value (so the next word is that value). */
  valueOptions: string[];
  /** Whether the command's first argument is a provider id. */
  providerArgument: boolean;
}

/** The whole tree plus the value lists. */
export interface CompletionSpec {
  nodes: CompletionNode[];
  /** Values by flag (`--provider` → provider ids, `--output` → choices, …). */
  values: Record<string, string[]>;
}

type AnyCommand = Command<unknown[], Record<string, unknown>, Record<string, unknown>>;

const PROVIDER_ARGUMENT = /^(provider|name)$/;

/** What the config adds to the completions. */
export interface CompletionExtras {
  /** Model alias names (`omn models alias`), offered for `--model`. */
  modelAliases?: readonly string[];
}

/**
 * Reads the spec from a command tree. `--model` is offered the catalogue's
 * ids, each also as `PROVIDER/ID`, and the config's model aliases.
 */
export function completionSpec(root: AnyCommand, extras: CompletionExtras = {}): CompletionSpec {
  const nodes: CompletionNode[] = [];
  const models = [
    ...new Set([
      ...(extras.modelAliases ?? []),
      ...catalogModels().map((model) => model.id),
      ...catalogModels().map((model) => `${model.provider}/${model.id}`),
    ]),
  ];
  const values: Record<string, string[]> = {
    "--provider": [...PROVIDER_IDS],
    "--model": models,
    "-m": models,
  };
  const visit = (command: AnyCommand, path: string) => {
    const options: string[] = ["--help"];
    const valueOptions: string[] = [];
    for (const option of command.options) {
      const flags = [option.long, option.short].filter((flag): flag is string => !!flag);
      options.push(...flags);
      if (option.required || option.optional) {
        valueOptions.push(...flags);
        if (option.argChoices) { for (const flag of flags) values[flag] = [...option.argChoices]; }
      }
    }
    const firstArgument = command.registeredArguments[0]?.name();
    nodes.push({
      path,
      subcommands: command.commands.map((sub) => sub.name()).filter((name) => name !== "help"),
      options,
      valueOptions,
      providerArgument: firstArgument !== undefined && PROVIDER_ARGUMENT.test(firstArgument),
    });
    for (const sub of command.commands) {
      visit(sub as AnyCommand, path ? `${path} ${sub.name()}` : sub.name());
    }
  };
  visit(root, "");
  return { nodes, values };
}
