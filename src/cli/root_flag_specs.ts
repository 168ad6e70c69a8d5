/**
 * The root command's flags, help and the version aside, as data: what the
 * readers of a command line before commander know of them (`root_flags.ts`,
 * `headless_argv.ts`) and what the reading of an `ask` without commander
 * applies (`parse_ask_command_line.ts`). `tests/cli/parse_ask_command_line_test.ts`
 * checks the list against the root command's declared options (`app.ts`).
 *
 * @module
 */

/** One flag of a command, as data. */
export interface FlagSpec {
  /** Its long form: `--model`, `--no-stream`. */
  readonly long: string;
  /** Its short form, if any: `-m`. */
  readonly short?: string;
  /** The key of its value: `model`; `stream` for `--no-stream`. */
  readonly key: string;
  /**
   * `switch`: `true` when given; `negated` (`--no-x`): `false` when given,
   * `true` otherwise; `value`: takes the next word (or what follows `=`).
   */
  readonly kind: "switch" | "negated" | "value";
  /** Turns the value into what the command takes; throws on a refused value. */
  readonly parse?: (value: string) => unknown;
  /** The values allowed, when the flag has a fixed set. */
  readonly choices?: readonly string[];
}

/** The root's flags (`src/cli/app.ts`), help and the version aside. */
export const ROOT_FLAGS: readonly FlagSpec[] = [
  { long: "--quiet", short: "-q", key: "quiet", kind: "switch" },
  { long: "--verbose", short: "-v", key: "verbose", kind: "switch" },
  { long: "--no-color", key: "color", kind: "negated" },
  { long: "--profile", key: "profile", kind: "value" },
  { long: "--log-file", key: "logFile", kind: "value" },
  {
    long: "--log-level",
    key: "logLevel",
    kind: "value",
    choices: ["error", "warn", "info", "debug", "off"],
  },
  { long: "--log-format", key: "logFormat", kind: "value", choices: ["text", "json"] },
];

/** The letters of the root's one-letter switches (`qv`): commander reads them together (`-qv`). */
export const ROOT_SWITCH_LETTERS: string = ROOT_FLAGS
  .filter((flag) => flag.kind === "switch" && flag.short !== undefined)
  .map((flag) => flag.short!.slice(1)).join("");
