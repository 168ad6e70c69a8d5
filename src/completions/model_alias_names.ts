/**
 * The model alias names a completion script offers for `--model`: those of
 * the config when the script is written (write it again after adding one).
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";

/** The config's model alias names; none, with a warning, when the config cannot be read. */
export async function modelAliasNames(context: CliContext): Promise<string[]> {
  try {
    const { config } = await readConfig(context);
    return Object.keys(config.model_aliases ?? {}).sort();
  } catch (error) {
    context.io.message(
      "warn",
      `The completions leave out model aliases: ${error instanceof Error ? error.message : error}`,
    );
    return [];
  }
}
