/**
 * The JSON output mode an invocation asked for, read from argv before the
 * command line is parsed, so that even a usage error (an unknown flag, a bad
 * value) can end with the JSON result object that scripts read.
 *
 * @module
 */
import { rewriteHeadlessArgv } from "./headless_argv.ts";
import { rootFlagLength } from "./root_flags.ts";

/** The JSON modes of `ask`. */
export type JsonOutputMode = "json" | "stream-json";

const OUTPUT_FLAGS = new Set(["-o", "--output", "--output-format"]);
const HEADLESS = new Set(["-p", "--print"]);

function asMode(value: string | undefined): JsonOutputMode | undefined {
  return value === "json" || value === "stream-json" ? value : undefined;
}

/**
 * `"json"` or `"stream-json"` when the command is `ask` (or `-p`) and its
 * last `-o`/`--output`/`--output-format` asks for one; `undefined` otherwise.
 * Words after `--` are the prompt's, never flags.
 *
 * @example
 * ```ts
 * jsonOutputMode(["ask", "--bogus", "-o", "json", "hi"]); // "json"
 * jsonOutputMode(["--bogus", "ask", "-o", "json", "hi"]); // "json"
 * jsonOutputMode(["-p", "--output-format=stream-json", "hi"]); // "stream-json"
 * jsonOutputMode(["ask", "--", "-o", "json"]); // undefined
 * ```
 */
export function jsonOutputMode(argv: readonly string[]): JsonOutputMode | undefined {
  const args = rewriteHeadlessArgv(argv);
  let index = 0;
  while (index < args.length) {
    const arg = args[index];
    const length = rootFlagLength(args, index);
    if (length > 0) index += length;
    // An unknown global flag (a typo) fails the run that follows it: read as one without a value.
    else if (arg.startsWith("-") && arg !== "-" && arg !== "--" && !HEADLESS.has(arg)) index += 1;
    else break;
  }
  if (args[index] !== "ask" && !HEADLESS.has(args[index])) return undefined;
  let mode: JsonOutputMode | undefined;
  let chosen = false;
  for (let at = index + 1; at < args.length; at++) {
    const arg = args[at];
    if (arg === "--") break;
    let value: string | undefined;
    if (OUTPUT_FLAGS.has(arg)) value = args[++at];
    else if (/^--output(-format)?=/.test(arg)) value = arg.slice(arg.indexOf("=") + 1);
    else if (/^-o./.test(arg)) value = arg.slice(2).replace(/^=/, "");
    else continue;
    chosen = true;
    mode = asMode(value);
  }
  return chosen ? mode : undefined;
}
