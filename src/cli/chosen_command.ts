/**
 * Which command an `omn` command line runs, told before the command tree is
 * built, so that a run builds only the root and that command
 * (`src/cli/app.ts`): the first operand, after the root's own flags, when
 * it names a command. Anything else (`--help`, `help`, an unknown flag or
 * command, no command at all) gives `undefined`: the whole tree is built,
 * for the root's help and its errors, which list or suggest every command.
 * A command line of the root's flags alone (`--help`, none at all) runs no
 * command: the root's help then lists each command from its head
 * (`runsNoCommand`).
 *
 * @module
 */

import { rootFlagLength } from "./root_flags.ts";

/**
 * The command `argv` (without the program name, after the `-p` rewrite)
 * runs, when it is one of `names`; `undefined` when the whole tree is needed.
 */
export function chosenCommand(
  argv: readonly string[],
  names: readonly string[],
): string | undefined {
  let index = 0;
  while (index < argv.length) {
    const length = rootFlagLength(argv, index);
    if (length === 0) return names.includes(argv[index]) ? argv[index] : undefined;
    index += length;
  }
  return undefined;
}

/** The flags of every command that print and end the run: help and the version. */
const PRINT_FLAGS = new Set(["-h", "--help", "-V", "--version"]);

/**
 * Whether `argv` (after the `-p` rewrite) is the root's flags alone, help
 * and the version included, so that no command can run, be helped or be
 * suggested: `[]`, `["--help"]`, `["-q", "--help"]`. Any other word (a
 * command, `help`, `--`, an unknown flag) gives `false`.
 */
export function runsNoCommand(argv: readonly string[]): boolean {
  let index = 0;
  while (index < argv.length) {
    const length = PRINT_FLAGS.has(argv[index]) ? 1 : rootFlagLength(argv, index);
    if (length === 0) return false;
    index += length;
  }
  return true;
}
