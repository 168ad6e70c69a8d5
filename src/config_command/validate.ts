/**
 * `omn config validate`: reads and checks the config file.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfigFile } from "../config/config_access.ts";

/** Says whether the config file is valid (reading it throws when it is not) or absent. */
export async function runConfigValidate(context: CliContext): Promise<void> {
  const { store, exists } = await readConfigFile(context);
  context.io.message(
    "info",
    exists ? `${store.paths.file} is valid` : `${store.paths.file} does not exist (defaults apply)`,
  );
}
