/**
 * Which command an `omn` command line runs, told before the command tree is
 * built, so that a run builds only the root and that command
 * (`src/cli/app.ts`): the first operand, after the root's own flags, when
 * it names a command. Anything else (`--help`, `help`, an unknown flag or
 * command, no command at all) gives `undefined`: the whole tree is built,
 * for the root's help and its errors, which list or suggest every command.
 *
 * @module
 */

/** The root's flags that take no value. */
const ROOT_FLAGS = new Set(["-q", "--quiet", "-v", "--verbose", "--no-color"]);

/** The root's flags that take a value (`--profile prod` or `--profile=prod`). */
const ROOT_VALUE_FLAGS = new Set(["--profile", "--log-file", "--log-level", "--log-format"]);

/**
 * The command `argv` (without the program name, after the `-p` rewrite)
 * runs, when it is one of `names`; `undefined` when the whole tree is needed.
 */
export function chosenCommand(
  argv: readonly string[],
  names: readonly string[],
): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (ROOT_FLAGS.has(arg)) continue;
    if (ROOT_VALUE_FLAGS.has(arg)) {
      index++;
      continue;
    }
    if (ROOT_VALUE_FLAGS.has(arg.split("=")[0])) continue;
    return names.includes(arg) ? arg : undefined;
  }
  return undefined;
}
