/**
 * The headless shorthand of the original Omnimancer and `claude -p`:
 * `omn -p PROMPT …` means `omn ask PROMPT …`.
 *
 * @module
 */

const GLOBAL_FLAGS = new Set(["--quiet", "-q", "--verbose", "-v", "--no-color"]);

/** Global flags that take a value (`--profile prod` or `--profile=prod`). */
const GLOBAL_VALUE_FLAGS = new Set(["--profile"]);

/**
 * Rewrites `[globals…] -p|--print [rest…]` to `[globals…] ask [rest…]`;
 * any other argv is returned unchanged.
 */
export function rewriteHeadlessArgv(argv: readonly string[]): string[] {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "-p" || arg === "--print") {
      return [...argv.slice(0, index), "ask", ...argv.slice(index + 1)];
    }
    if (GLOBAL_VALUE_FLAGS.has(arg)) {
      index++;
      continue;
    }
    if (GLOBAL_VALUE_FLAGS.has(arg.split("=")[0])) continue;
    if (!GLOBAL_FLAGS.has(arg)) break;
  }
  return [...argv];
}
