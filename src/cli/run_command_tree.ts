/**
 * A command line run through commander and the command tree
 * (`src/cli/app.ts`): every line but an `ask` read without them
 * (`src/cli/parse_ask_command_line.ts`). Help and commander's errors are
 * written here; `src/cli/run_cli.ts` maps the outcome to an exit code.
 *
 * @module
 */
import { CommanderError, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { buildApp } from "./app.ts";
import { ExitCode } from "../core/errors.ts";
import type { Io } from "../core/io.ts";
import type { CliContext } from "../core/context.ts";
import { optionDescription } from "./option_description.ts";
import { shortPieces } from "./short_pieces.ts";

/** Parses `args` (after the `-p` rewrite) with the command tree and runs the command it names. */
export async function runCommandTree(args: readonly string[], context: CliContext): Promise<void> {
  const { io } = context;
  const program = buildApp(context, { argv: args });
  // Help comes in short pieces: the redactor compiles only the patterns their words call for.
  const writeStdout = (text: string) => {
    for (const piece of shortPieces(text)) void io.write(piece);
  };
  applyOutput(program, writeStdout, io);
  await program.parseAsync(args, { from: "user" });
}

/**
 * The exit code and one line of a commander error, already told by
 * commander (`undefined` for any other error): help asked for is done; help
 * shown for a missing command (`omn keys`) is a usage error.
 */
export function commanderFailure(
  error: unknown,
): { exitCode: number; message: string } | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  const done = error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
    (error.code === "commander.help" && error.exitCode === 0);
  return { exitCode: done ? ExitCode.Ok : ExitCode.Usage, message: usageLine(error.message) };
}

/** Help and commander's errors go through `io`, for `command` and every command under it. */
function applyOutput(
  command: CommandUnknownOpts,
  writeOut: (text: string) => void,
  io: Io,
): void {
  command.configureHelp({ optionDescription });
  command.exitOverride().configureOutput({
    getOutHasColors: () => false,
    getOutHelpWidth: () => helpWidth(io),
    getErrHasColors: () => false,
    writeOut,
    writeErr: (text) => io.message("info", text),
    outputError: (text) => io.message("error", usageLine(text)),
  });
  for (const sub of command.commands) applyOutput(sub, writeOut, io);
}

/** Help wraps at the terminal's width, and never when stdout is piped. */
function helpWidth(io: Io): number {
  if (!io.stdoutIsTerminal) return 100_000;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

/** Commander's error text as one line with the pointer to help. */
function usageLine(text: string): string {
  return `${
    withoutOptionSuggestion(text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " "))
  } (run with --help for usage)`;
}

/**
 * A command named like an option (`omn -- --help`: after `--` every word is
 * an operand) is told so, without commander's suggestion, which it makes by
 * cutting two characters off every command's name (`--dels` for `models`).
 */
function withoutOptionSuggestion(message: string): string {
  const named = /^(unknown command '--?[^']*')(?: \(Did you mean [^)]*\))?$/.exec(message);
  return named === null ? message : `${named[1]}: after --, a word is never an option`;
}
