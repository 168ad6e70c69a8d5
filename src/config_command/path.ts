/**
 * `omn config path`: prints the config file's path.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { openConfigStore } from "../config/config_access.ts";

/** Prints the path of the config file (it may not exist yet). */
export async function runConfigPath(context: CliContext): Promise<void> {
  await context.io.write(openConfigStore(context).paths.file + "\n");
}
