/**
 * Parsing the text of `config.json` into a validated {@linkcode Config}.
 * Pure: the caller reads the file and passes its text and path.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { type Config, CONFIG_VERSION, ConfigSchema, describeIssues } from "./schema.ts";

/** What every config error tells the user to do. */
export const CONFIG_FIX_HINT = 'fix the file or run "omn config backups restore"';

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
 * Parses and validates the text of a config file.
 *
 * A leading byte order mark is ignored. Errors never quote the file's
 * content and carry no `cause`, because the content may hold secrets and
 * V8's messages quote part of it.
 *
 * @example
 * ```ts
 * import { parseConfig } from "./parse_config.ts";
 * parseConfig('{ "version": 1 }', "config.json"); // { version: 1 }
 * ```
 *
 * @throws {RefusalError} `Cannot parse config "<path>": line 3, column 5: …`
 * for malformed JSON, `Invalid config "<path>": <field>: <problem>` for a
 * config the schema rejects; both end with {@linkcode CONFIG_FIX_HINT}.
 */
export function parseConfig(text: string, path: string): Config {
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
  const version = typeof data === "object" && data !== null
    ? (data as Record<string, unknown>).version
    : undefined;
  if (typeof version === "number" && version > CONFIG_VERSION) {
    throw new RefusalError(
      `Cannot read config "${path}": it is config version ${version}, ` +
        `and this omn reads version ${CONFIG_VERSION}: upgrade omn or run "omn config backups restore"`,
    );
  }
  const result = ConfigSchema.safeParse(data);
  if (!result.success) {
    throw new RefusalError(
      `Invalid config "${path}": ${describeIssues(result.error.issues)} (${CONFIG_FIX_HINT})`,
    );
  }
  return result.data;
}

/**
 * Turns the message of the `SyntaxError` that `JSON.parse(text)` threw into
 * a line, a column and a reason. Understands V8's formats:
 *
 * - `Expected ',' or '}' after property value in JSON at position 13 (line 3 column 3)`
 * - `Unexpected token } in JSON at position 13` (older V8: position only)
 * - `Unexpected end of JSON input`
 * - `Unexpected token '}', "{"a": }" is not valid JSON` (no position: it is
 *   found by scanning the text)
 *
 * @example
 * ```ts
 * import { locateJsonError } from "./parse_config.ts";
 * locateJsonError('{\n  "a": }', "Unexpected token } in JSON at position 9");
 * // { line: 2, column: 8, reason: 'unexpected "}"' }
 * ```
 */
export function locateJsonError(text: string, message: string): JsonErrorLocation {
  const positioned = /^(.*?) in JSON at position (\d+)(?: \(line (\d+) column (\d+)\))?$/s.exec(
    message,
  );
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
  const offset = scanJsonErrorOffset(text);
  const position = offset < 0 ? text.length : offset;
  const token = /^Unexpected token '(.+?)', .*is not valid JSON$/s.exec(message);
  const reason = token ? `unexpected ${JSON.stringify(token[1])}` : "invalid JSON";
  return { ...lineAndColumn(text, position), reason };
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

/** Thrown inside the scanner to stop at the first error. */
class ScanStop {
  constructor(readonly offset: number) {}
}

/**
 * The offset of the first syntax error in `text` by the JSON grammar
 * (RFC 8259), or -1 when `text` is valid JSON. Used only when V8's message
 * gives no position.
 */
function scanJsonErrorOffset(text: string): number {
  let index = 0;
  const stop = (): never => {
    throw new ScanStop(index);
  };
  const skipWhitespace = () => {
    while (index < text.length && " \t\n\r".includes(text[index])) index++;
  };
  const digits = () => {
    if (!/[0-9]/.test(text[index] ?? "")) stop();
    while (/[0-9]/.test(text[index] ?? "")) index++;
  };
  const literal = (word: string) => {
    for (const character of word) {
      if (text[index] !== character) stop();
      index++;
    }
  };
  const string = () => {
    index++;
    for (;;) {
      const character = text[index];
      if (character === undefined || character < " ") stop();
      if (character === '"') {
        index++;
        return;
      }
      if (character === "\\") {
        index++;
        if (text[index] === "u") {
          index++;
          for (let count = 0; count < 4; count++) {
            if (!/[0-9a-fA-F]/.test(text[index] ?? "")) stop();
            index++;
          }
        } else if ('"\\/bfnrt'.includes(text[index] ?? "x")) {
          index++;
        } else {
          stop();
        }
      } else {
        index++;
      }
    }
  };
  const number = () => {
    if (text[index] === "-") index++;
    if (text[index] === "0") index++;
    else digits();
    if (text[index] === ".") {
      index++;
      digits();
    }
    if (text[index] === "e" || text[index] === "E") {
      index++;
      if (text[index] === "+" || text[index] === "-") index++;
      digits();
    }
  };
  const members = (close: string, member: () => void) => {
    index++;
    skipWhitespace();
    if (text[index] === close) {
      index++;
      return;
    }
    for (;;) {
      skipWhitespace();
      member();
      skipWhitespace();
      if (text[index] === ",") index++;
      else if (text[index] === close) {
        index++;
        return;
      } else stop();
    }
  };
  const value = (): void => {
    skipWhitespace();
    const character = text[index];
    if (character === "{") {
      members("}", () => {
        if (text[index] !== '"') stop();
        string();
        skipWhitespace();
        literal(":");
        value();
      });
    } else if (character === "[") members("]", value);
    else if (character === '"') string();
    else if (character === "t") literal("true");
    else if (character === "f") literal("false");
    else if (character === "n") literal("null");
    else if (character === "-" || /[0-9]/.test(character ?? "")) number();
    else stop();
  };
  try {
    value();
    skipWhitespace();
    return index < text.length ? index : -1;
  } catch (error) {
    if (error instanceof ScanStop) return error.offset;
    if (error instanceof RangeError) return -1; // nesting deeper than the stack
    throw error;
  }
}
