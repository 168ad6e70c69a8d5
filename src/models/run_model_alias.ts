/**
 * The work of `omn models alias`: list, add or change, and remove the model
 * aliases kept in the config (`model_aliases`, shared by every profile),
 * written through the config store (locked, backed up, atomic, 0600).
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { findSecrets } from "../security/redact.ts";
import { MODEL_ALIAS_PATTERN, splitProviderModel } from "../providers/model_choice.ts";
import { PROVIDER_IDS } from "../providers/registry.ts";

/** The inputs of `omn models alias`. */
export interface ModelAliasOptions {
  /** The alias; absent: list them. */
  name?: string;
  /** `PROVIDER/MODEL`; absent with a name: show that alias. */
  target?: string;
  /** `--rm`: remove the alias. */
  remove: boolean;
  json: boolean;
}

/** Runs `omn models alias`. */
export async function runModelAlias(
  options: ModelAliasOptions,
  context: CliContext,
): Promise<void> {
  const { store, config } = await readConfig(context);
  const aliases = config.model_aliases ?? {};
  const { name, target } = options;
  if (name === undefined) {
    if (options.remove) {
      throw new UsageError("Cannot remove an alias: name it, omn models alias --rm NAME");
    }
    await printAliases(aliases, options.json, context);
    return;
  }
  if (!MODEL_ALIAS_PATTERN.test(name)) {
    throw new UsageError(
      `Invalid model alias "${name}": use 1 to 64 letters, digits, ".", "_" and "-" (no "/")`,
    );
  }
  if (options.remove) {
    if (target !== undefined) {
      throw new UsageError("Cannot remove and set an alias at once: drop PROVIDER/MODEL or --rm");
    }
    if (!Object.hasOwn(aliases, name)) {
      throw new UsageError(`No model alias "${name}": see omn models alias`);
    }
    await store.update((current) => {
      const next = { ...current.model_aliases };
      delete next[name];
      const { model_aliases: _, ...rest } = current;
      return Object.keys(next).length === 0 ? rest : { ...rest, model_aliases: next };
    }, { reason: `models alias --rm ${name}` });
    context.io.message("info", `Removed model alias "${name}"`);
    return;
  }
  if (target === undefined) {
    if (!Object.hasOwn(aliases, name)) {
      throw new UsageError(
        `No model alias "${name}": add it with omn models alias ${name} PROVIDER/MODEL`,
      );
    }
    await printAliases({ [name]: aliases[name] }, options.json, context);
    return;
  }
  if (findSecrets(`${name}\n${target}`).length > 0) {
    throw new RefusalError(
      "Refusing the model alias: its name or target holds a secret; give NAME PROVIDER/MODEL",
    );
  }
  const pair = splitProviderModel(target, config);
  if (!pair || /\s/.test(pair.model)) {
    throw new UsageError(
      `Invalid alias target "${target}": expected PROVIDER/MODEL, PROVIDER one of ${
        PROVIDER_IDS.join(", ")
      } or a custom endpoint`,
    );
  }
  const value = `${pair.provider}/${pair.model}`;
  await store.update(
    (current) => ({ ...current, model_aliases: { ...current.model_aliases, [name]: value } }),
    { reason: `models alias ${name}` },
  );
  context.io.message("info", `Model alias "${name}" stands for ${value}`);
}

async function printAliases(
  aliases: Record<string, string>,
  json: boolean,
  context: CliContext,
): Promise<void> {
  if (json) {
    await context.io.write(JSON.stringify(aliases, null, 2) + "\n");
    return;
  }
  const names = Object.keys(aliases).sort();
  if (names.length === 0) {
    context.io.message(
      "info",
      "No model aliases: add one with omn models alias NAME PROVIDER/MODEL",
    );
    return;
  }
  await context.io.write(names.map((alias) => `${alias}\t${aliases[alias]}`).join("\n") + "\n");
}
