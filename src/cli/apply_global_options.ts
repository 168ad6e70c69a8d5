/**
 * The root's flags applied to a run, before its command: quiet, verbose,
 * colour and profile set on the context, and logging started with what the
 * log's first record tells of the command.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { type CommandFacts, startLogging } from "../log/start_logging.ts";
import type { LogFlags } from "../log/resolve_log_settings.ts";

/** The root's flags, as commander parses them (`src/cli/app.ts`). */
export interface GlobalOptions extends LogFlags {
  quiet?: true;
  verbose?: true;
  /** `false` with `--no-color`. */
  color: boolean;
  profile?: string;
}

/** Applies the root's flags to `context` and starts logging, before the command runs. */
export async function applyGlobalOptions(
  context: CliContext,
  options: GlobalOptions,
  facts: CommandFacts,
): Promise<void> {
  context.io.settings.quiet = options.quiet === true;
  // --log-level debug shows the debug lines (one per request) on stderr too.
  context.io.settings.verbose = options.verbose === true || options.logLevel === "debug";
  if (options.color === false) context.io.settings.color = false;
  context.profile = options.profile;
  await startLogging(context, options, facts);
}
