/**
 * Runs an `ask` read without commander (`src/cli/parse_ask_command_line.ts`):
 * what commander's tree does for it, the root's flags applied and logging
 * started (`src/cli/app.ts`'s `preAction`), then the command's action
 * (`src/cli/commands/ask.ts`).
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { AskCommandLine } from "./parse_ask_command_line.ts";
import { applyGlobalOptions } from "./apply_global_options.ts";
import { askFlags } from "./ask_flags_from_options.ts";

/** Runs the `ask` of `line` over `context`. */
export async function runAskCommandLine(line: AskCommandLine, context: CliContext): Promise<void> {
  // The work loads while logging starts, as the tree's preload does.
  const loading = import("../ask/execute_ask.ts");
  loading.catch(() => {});
  await applyGlobalOptions(context, line.root, {
    command: "ask",
    options: line.given,
    args: line.words.length,
  });
  const { executeAsk } = await loading;
  await executeAsk(askFlags(line.words, line.options), context);
}
