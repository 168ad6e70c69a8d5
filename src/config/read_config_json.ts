/**
 * Reading the text of `config.json` as JSON, without zod: the JSON syntax
 * and the version are checked here, the schema by `parse_config.ts` (which
 * `load_config.ts` loads only when a config holds more than its version).
 * Pure: the caller reads the file and passes its text and path.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { CONFIG_VERSION } from "./config_constants.ts";

/** What every config error tells the user to do. */
export const CONFIG_FIX_HINT =
  "fix the file, or put a backup back: omn config backups restore NAME (omn config backups lists them)";

/** Where a JSON syntax error is, and what it is. */
export interface JsonErrorLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units as V8 counts them. */
  column: number;
  /** The problem, without any excerpt of the text (which could hold a secret). */
  reason: string;
}

/**
 * The JSON value of a config file's text, its version checked (not above
 * the one this build reads); the schema is not checked here.
 * A leading byte order mark is ignored. Errors never quote the file's
 * content and carry no `cause`, because the content may hold secrets and
 * V8's messages quote part of it.
 *
 * @example
 * ```ts
 * import { readConfigJson } from "./read_config_json.ts";
 * readConfigJson('{ "version": 1 }', "config.json"); // { version: 1 }
 * ```
 *
 * @throws {RefusalError} `Cannot parse config "<path>": line 3, column 5: …`
 * for malformed JSON, `Cannot read config "<path>": it is config version …`
 * for a newer version; both end with a fix.
 */
export function readConfigJson(text: string, path: string): unknown {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { line, column, reason } = locateJsonError(source, error.message);
    throw new RefusalError(
      `Cannot parse config "${path}": line ${line}, column ${column}: ${reason} (${CONFIG_FIX_HINT})`,
    );
  }
  const proto = protoKeyPath(data);
  if (proto !== undefined) {
    // JSON.parse keeps it as a key, but every object built from it turns it into a prototype:
    // the entry would be invisible to omn and silently dropped by the next write.
    throw new RefusalError(
      `Invalid config "${path}": ${proto}: "__proto__" cannot be a key (${CONFIG_FIX_HINT})`,
    );
  }
  const version = typeof data === "object" && data !== null
    ? (data as Record<string, unknown>).version
    : undefined;
  if (typeof version === "number" && version > CONFIG_VERSION) {
    throw new RefusalError(
      `Cannot read config "${path}": it is config version ${version}, ` +
        `and this omn reads version ${CONFIG_VERSION}: upgrade omn or restore an earlier backup (omn config backups, omn config backups restore NAME)`,
    );
  }
  return data;
}

/**
 * Whether a config's JSON value is the empty config, `{ "version": 1 }`
 * and nothing else: the schema accepts it as it is, so it needs no check.
 */
export function isEmptyConfigJson(data: unknown): boolean {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0] === "version" &&
    (data as Record<string, unknown>).version === CONFIG_VERSION;
}

/** V8's message of a JSON error with its position: `… in JSON at position 13 (line 3 column 3)`. */
const POSITIONED = /^(.*?) in JSON at position (\d+)(?: \(line (\d+) column (\d+)\))?$/s;

/**
 * Turns the message of the `SyntaxError` that `JSON.parse(text)` threw into
 * a line, a column and a reason, from V8's own parser:
 *
 * - `Expected ',' or '}' after property value in JSON at position 13 (line 3 column 3)`
 * - `Unexpected token } in JSON at position 13` (older V8: position only)
 * - `Unexpected end of JSON input`
 * - `Unexpected token '}', "{"a": }" is not valid JSON`: V8 gives no position
 *   for an unexpected token, so it is found by parsing ever shorter starts of
 *   the text (see {@linkcode jsonErrorOffset})
 *
 * @example
 * ```ts
 * import { locateJsonError } from "./parse_config.ts";
 * locateJsonError('{\n  "a": }', "Unexpected token } in JSON at position 9");
 * // { line: 2, column: 8, reason: 'unexpected "}"' }
 * ```
 */
export function locateJsonError(text: string, message: string): JsonErrorLocation {
  const positioned = POSITIONED.exec(message);
  if (positioned) {
    const reason = describeReason(positioned[1]);
    if (positioned[3] !== undefined && positioned[4] !== undefined) {
      return { line: Number(positioned[3]), column: Number(positioned[4]), reason };
    }
    return { ...lineAndColumn(text, Number(positioned[2])), reason };
  }
  if (/^Unexpected end of JSON input/.test(message)) {
    return { ...lineAndColumn(text, text.length), reason: "unexpected end of file" };
  }
  const token = /^Unexpected token '(.+?)', .*is not valid JSON$/s.exec(message);
  const reason = token ? `unexpected ${JSON.stringify(token[1])}` : "invalid JSON";
  return { ...lineAndColumn(text, jsonErrorOffset(text)), reason };
}

function describeReason(v8Reason: string): string {
  const token = /^Unexpected token (.+)$/s.exec(v8Reason);
  if (token) return `unexpected ${JSON.stringify(token[1].replace(/^'(.+)'$/s, "$1"))}`;
  return v8Reason.charAt(0).toLowerCase() + v8Reason.slice(1);
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const clamped = Math.min(Math.max(position, 0), text.length);
  const before = text.slice(0, clamped);
  const line = before.split("\n").length;
  const column = clamped - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

/**
 * The offset where V8's parser stops in `text` (its length when the text is
 * only cut short, or valid). A start of the text shorter than that offset is
 * a valid start of JSON, so parsing it fails only at its end; a longer one
 * holds the error, so parsing it fails before its end: the offset is found
 * by bisection, in about log2(length) parses.
 */
function jsonErrorOffset(text: string): number {
  if (!stopsBefore(text, text.length)) return text.length;
  let valid = 0; // the longest start known to be a valid start of JSON
  let invalid = text.length; // the shortest start known to hold the error
  while (valid + 1 < invalid) {
    const middle = (valid + invalid) >> 1;
    if (stopsBefore(text, middle)) invalid = middle;
    else valid = middle;
  }
  return invalid - 1;
}

/** Whether parsing the first `end` characters of `text` fails before their end. */
function stopsBefore(text: string, end: number): boolean {
  try {
    JSON.parse(text.slice(0, end));
    return false;
  } catch (error) {
    const message = (error as SyntaxError).message;
    if (/^Unexpected end of JSON input/.test(message)) return false;
    const positioned = POSITIONED.exec(message);
    return positioned ? Number(positioned[2]) < end : true;
  }
}

/** The dotted path of the first `"__proto__"` key in a JSON value, if it has one. */
function protoKeyPath(value: unknown, at = ""): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${at}[${key}]` : at === "" ? key : `${at}.${key}`;
    if (key === "__proto__" && !Array.isArray(value)) return path;
    const found = protoKeyPath(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}
