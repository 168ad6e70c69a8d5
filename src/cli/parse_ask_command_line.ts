/**
 * The command line of an `ask`, read without commander: the common run of
 * `omn` (`omn ask ...`, `omn -p ...`) then never loads commander and the
 * command tree, which cost it some 7 ms of its start-up. The reading is the
 * same as commander's for what it accepts
 * (`tests/cli/parse_ask_command_line_test.ts` compares the two over generated
 * command lines). What it does not accept plainly gives `undefined`: a word
 * starting with `-` that is none of the flags below (help, the version, `--`,
 * a cluster of short flags, a negative number), a value in the word after
 * its flag that starts with `-` (`--system -q`; `--system=-q` is read), a
 * refused value, conflicting flags, anything but the root's flags before
 * `ask`. Commander then reads the line, with its help and its errors
 * (`src/cli/run_cli.ts`).
 *
 * Commander reads the root's flags anywhere on the line (before `ask` or
 * after it), and `ask`'s only after `ask`; the words left are the prompt.
 *
 * @module
 */
import { ATTACH_TYPE_CHOICES } from "../ask/attachment_types.ts";
import type { AskOptionValues } from "./commands/ask.ts";
import type { GlobalOptions } from "./apply_global_options.ts";
import { type FlagSpec, ROOT_FLAGS } from "./root_flag_specs.ts";
import {
  maxTokensValue,
  ON_SECRET_CHOICES,
  OUTPUTS,
  retriesValue,
  temperatureValue,
  timeoutSecondsValue,
  usdValue,
  waitSecondsValue,
} from "./flag_values.ts";

/** `ask`'s flags (`src/cli/commands/ask.ts`), help aside. */
export const ASK_FLAGS: readonly FlagSpec[] = [
  { long: "--template", short: "-T", key: "template", kind: "value" },
  { long: "--system", short: "-s", key: "system", kind: "value" },
  { long: "--provider", key: "provider", kind: "value" },
  { long: "--model", short: "-m", key: "model", kind: "value" },
  { long: "--base-url", key: "baseUrl", kind: "value" },
  { long: "--timeout", key: "timeout", kind: "value", parse: timeoutSecondsValue },
  { long: "--connect-timeout", key: "connectTimeout", kind: "value", parse: timeoutSecondsValue },
  {
    long: "--first-byte-timeout",
    key: "firstByteTimeout",
    kind: "value",
    parse: timeoutSecondsValue,
  },
  { long: "--idle-timeout", key: "idleTimeout", kind: "value", parse: timeoutSecondsValue },
  { long: "--max-retries", key: "maxRetries", kind: "value", parse: retriesValue },
  { long: "--max-retry-wait", key: "maxRetryWait", kind: "value", parse: waitSecondsValue },
  {
    long: "--temperature",
    short: "-t",
    key: "temperature",
    kind: "value",
    parse: temperatureValue,
  },
  { long: "--max-tokens", key: "maxTokens", kind: "value", parse: maxTokensValue },
  { long: "--output", short: "-o", key: "output", kind: "value", choices: OUTPUTS },
  { long: "--output-format", key: "outputFormat", kind: "value", choices: OUTPUTS },
  { long: "--schema", key: "schema", kind: "value" },
  { long: "--extract", short: "-x", key: "extract", kind: "switch" },
  { long: "--extract-last", key: "extractLast", kind: "switch" },
  { long: "--attach-type", key: "attachType", kind: "value", choices: ATTACH_TYPE_CHOICES },
  { long: "--usage", key: "usage", kind: "switch" },
  { long: "--max-cost", key: "maxCost", kind: "value", parse: usdValue },
  { long: "--allow-unpriced", key: "allowUnpriced", kind: "switch" },
  { long: "--no-stream", key: "stream", kind: "negated" },
  { long: "--on-secret", key: "onSecret", kind: "value", choices: ON_SECRET_CHOICES },
  { long: "--continue", short: "-c", key: "continue", kind: "switch" },
  { long: "--conversation", key: "conversation", kind: "value" },
  { long: "--no-history", key: "history", kind: "negated" },
];

/** `ask`'s flags that exclude each other (commander's `conflicts`), by key. */
export const CONFLICTS: readonly (readonly [string, string])[] = [
  ["extract", "extractLast"],
  ["extract", "schema"],
  ["extractLast", "schema"],
];

/** An `ask` command line, read. */
export interface AskCommandLine {
  /** The root's flags. */
  root: GlobalOptions;
  /** The prompt's words. */
  words: string[];
  /** `ask`'s flags. */
  options: AskOptionValues;
  /**
   * The keys of the `ask` flags given, in the order of commander's `opts()`
   * (the first record of the log names them).
   */
  given: string[];
}

/**
 * Reads `argv` (without the program name, after the `-p` rewrite) as an
 * `ask` when it plainly is one; `undefined` leaves it to commander.
 */
export function parseAskCommandLine(argv: readonly string[]): AskCommandLine | undefined {
  const root: Record<string, unknown> = { color: true };
  // Commander sets a negated flag's `true` as the command's parsing starts, before any flag is
  // read, so those keys come first.
  const options: Record<string, unknown> = { stream: true, history: true };
  const given = new Set<string>();
  const words: string[] = [];
  let asked = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!asked) {
      // Before `ask`, only the root's flags.
      if (arg === "ask") {
        asked = true;
        continue;
      }
    } else if (arg.length < 2 || !arg.startsWith("-")) {
      words.push(arg);
      continue;
    }
    const inline = /^(--[^=]+)=(.*)$/s.exec(arg);
    const name = inline?.[1] ?? arg;
    const rootFlag = findFlag(ROOT_FLAGS, name);
    const flag = rootFlag ?? (asked ? findFlag(ASK_FLAGS, name) : undefined);
    if (flag === undefined) return undefined;
    let value: string | undefined;
    if (flag.kind === "value") {
      value = inline?.[2] ?? argv[++index];
      // A value that starts with "-" may be a flag commander reads as the root's.
      if (value === undefined || (inline === null && value.startsWith("-"))) return undefined;
    } else if (inline !== null) {
      return undefined;
    }
    const read = readValue(flag, value);
    if (read === REFUSED) return undefined;
    if (rootFlag !== undefined) {
      root[flag.key] = read;
    } else {
      options[flag.key] = read;
      given.add(flag.key);
    }
  }
  if (!asked || CONFLICTS.some(([one, other]) => given.has(one) && given.has(other))) {
    return undefined;
  }
  return {
    root: root as unknown as GlobalOptions,
    words,
    options: options as unknown as AskOptionValues,
    given: Object.keys(options).filter((key) => given.has(key)),
  };
}

/** A value this reading refuses (commander then reports it). */
const REFUSED: unique symbol = Symbol("refused");

/** The flag of `flags` named `name` in its long or short form. */
function findFlag(flags: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return flags.find((flag) => flag.long === name || flag.short === name);
}

/** What `flag` given with `value` sets, or `REFUSED`. */
function readValue(flag: FlagSpec, value: string | undefined): unknown {
  if (flag.kind === "switch") return true;
  if (flag.kind === "negated") return false;
  const text = value as string;
  if (flag.choices !== undefined && !flag.choices.includes(text)) return REFUSED;
  if (flag.parse === undefined) return text;
  try {
    return flag.parse(text);
  } catch {
    return REFUSED;
  }
}
