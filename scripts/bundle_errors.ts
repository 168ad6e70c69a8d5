/**
 * The errors of a failed `deno bundle` (esbuild underneath), one line each:
 * `main.ts:2:11: SyntaxError: Expression expected`. `deno bundle` prints
 * each error as `error: MESSAGE`, then a code frame, then
 * `    at file:///…/main.ts:2:11` (and notes), and ends with its own
 * `error: bundling failed`, which says nothing; only the errors are kept,
 * each with its place made relative to the project's root.
 *
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Thrown when the bundler fails: `errors` holds one line per error it reported. */
export class BundleError extends Error {
  override name = "BundleError";
  /** One line per error: `file:line:column: message`, or the message alone. */
  readonly errors: readonly string[];
  constructor(errors: readonly string[]) {
    super(
      errors.length === 1 ? errors[0] : `${errors.length} errors: ${errors.join("; ")}`,
    );
    this.errors = errors;
  }
}

/** `deno bundle`'s closing line, which carries no error of its own. */
const CLOSING = /^error: bundling failed\s*$/;
const ERROR_LINE = /^error: (.*)$/;
const AT_LINE = /^\s+at (\S+?):(\d+):(\d+)\s*$/;

/**
 * The errors in `stderr` of a failed `deno bundle`, one line each, places
 * relative to `root`; when no `error:` line is found, the output's last
 * non-empty lines that are not its stack backtrace, so nothing is hidden.
 *
 * @example
 * ```ts
 * import { bundleErrors } from "./bundle_errors.ts";
 * bundleErrors(
 *   "error: SyntaxError: Expression expected\n  at file:///p/main.ts:2:11\nerror: bundling failed\n",
 *   "/p",
 * ); // ["main.ts:2:11: SyntaxError: Expression expected"]
 * ```
 */
export function bundleErrors(stderr: string, root: string): string[] {
  const lines = stderr.split(/\r?\n/);
  const errors: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const error = ERROR_LINE.exec(lines[index]);
    if (!error || CLOSING.test(lines[index])) continue;
    let place: string | undefined;
    for (let next = index + 1; next < lines.length && !ERROR_LINE.test(lines[next]); next++) {
      const at = AT_LINE.exec(lines[next]);
      if (at) {
        place = `${placeOf(at[1], root)}:${at[2]}:${at[3]}`;
        break;
      }
    }
    errors.push(place ? `${place}: ${error[1].trim()}` : error[1].trim());
  }
  if (errors.length > 0) return errors;
  const rest = lines.map((line) => line.trim()).filter((line) =>
    line !== "" && !CLOSING.test(line) && !/^Stack backtrace:|^\d+: </.test(line)
  );
  return rest.length > 0 ? rest.slice(-5) : ["deno bundle failed and printed nothing"];
}

/** A module's place for people: its path relative to `root` when it is a file under it. */
function placeOf(specifier: string, root: string): string {
  if (!specifier.startsWith("file://")) return specifier;
  const path = relative(root, fileURLToPath(specifier));
  return path.startsWith("..") ? fileURLToPath(specifier) : path;
}
