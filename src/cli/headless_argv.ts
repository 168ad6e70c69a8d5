/**
 * The headless shorthand of the original Omnimancer and `claude -p`:
 * `omn -p PROMPT …` means `omn ask PROMPT …`.
 *
 * @module
 */

import { rootFlagLength } from "./root_flags.ts";
import { ROOT_SWITCH_LETTERS } from "./root_flag_specs.ts";

/**
 * The root's one-letter switches with `-p` last in one word (`-qp`), which
 * commander reads as `-q -p`.
 */
const CLUSTER_ENDING_IN_P = new RegExp(`^(-[${ROOT_SWITCH_LETTERS}]+)p$`);

/**
 * Rewrites `[globals…] -p|--print [rest…]` to `[globals…] ask [rest…]`, and
 * `[globals…] -qp [rest…]` (`-p` ending a cluster of the root's switches) to
 * `[globals…] -q ask [rest…]`; any other argv is returned unchanged.
 */
export function rewriteHeadlessArgv(argv: readonly string[]): string[] {
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index];
    if (arg === "-p" || arg === "--print") {
      return [...argv.slice(0, index), "ask", ...argv.slice(index + 1)];
    }
    const cluster = CLUSTER_ENDING_IN_P.exec(arg);
    if (cluster !== null) {
      return [...argv.slice(0, index), cluster[1], "ask", ...argv.slice(index + 1)];
    }
    const length = rootFlagLength(argv, index);
    if (length === 0) break;
    index += length;
  }
  return [...argv];
}
