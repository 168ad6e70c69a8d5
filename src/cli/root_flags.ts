/**
 * The root command's own flags, as three readers of argv see them before
 * commander parses it: the `-p` shorthand (`headless_argv.ts`), the JSON
 * mode of a failure (`json_output_mode.ts`) and the command to build
 * (`chosen_command.ts`). One grammar for the three, made from the root's
 * flags as data (`root_flag_specs.ts`) and checked against the root
 * command's declared options (tests/cli/root_flags_test.ts), so that none of
 * them stops at a flag commander accepts (`-qv`, `--log-level debug`).
 *
 * @module
 */

import { ROOT_FLAGS, ROOT_SWITCH_LETTERS } from "./root_flag_specs.ts";

/** The names of the root's flags of `kinds`, long and short. */
function namesOf(kinds: readonly string[]): Set<string> {
  return new Set(
    ROOT_FLAGS.filter((flag) => kinds.includes(flag.kind))
      .flatMap((flag) => flag.short === undefined ? [flag.long] : [flag.short, flag.long]),
  );
}

/** The root's flags that take no value. */
const ROOT_SWITCHES = namesOf(["switch", "negated"]);

/** The root's flags that take a value (`--profile prod` or `--profile=prod`). */
const ROOT_VALUE_FLAGS = namesOf(["value"]);

/** Several of the root's one-letter switches in one word, as commander reads them (`-qv`). */
const SWITCH_CLUSTER = new RegExp(`^-[${ROOT_SWITCH_LETTERS}]{2,}$`);

/**
 * How many words of `argv` from `index` are one root flag with its value:
 * 2 for `--profile prod`, 1 for `--profile=prod`, `-q` or `-qv`, 0 when
 * `argv[index]` is not a root flag. A value flag at the end counts 2, so a
 * reader stops after it.
 *
 * @example
 * ```ts
 * import { rootFlagLength } from "./root_flags.ts";
 * rootFlagLength(["--log-level", "debug", "ask"], 0); // 2
 * rootFlagLength(["-qv", "ask"], 0); // 1
 * rootFlagLength(["ask"], 0); // 0
 * ```
 */
export function rootFlagLength(argv: readonly string[], index: number): number {
  const arg = argv[index];
  if (arg === undefined) return 0;
  if (ROOT_SWITCHES.has(arg) || SWITCH_CLUSTER.test(arg)) return 1;
  if (ROOT_VALUE_FLAGS.has(arg)) return 2;
  if (ROOT_VALUE_FLAGS.has(arg.split("=")[0])) return 1;
  return 0;
}
