/**
 * Parsing the text of `config.json` into a validated {@linkcode Config}.
 * Pure: the caller reads the file and passes its text and path. This module
 * loads zod; `load_config.ts` loads it only for a config that needs the check.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { type Config, ConfigSchema, describeIssues } from "./schema.ts";
import { CONFIG_FIX_HINT, readConfigJson } from "./read_config_json.ts";

export { CONFIG_FIX_HINT, type JsonErrorLocation, locateJsonError } from "./read_config_json.ts";

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
  return validateConfigJson(readConfigJson(text, path), path);
}

/**
 * Validates the JSON value of a config file (from `readConfigJson`).
 *
 * @throws {RefusalError} `Invalid config "<path>": <field>: <problem> (…)`.
 */
export function validateConfigJson(data: unknown, path: string): Config {
  const result = ConfigSchema.safeParse(data);
  if (!result.success) {
    throw new RefusalError(
      `Invalid config "${path}": ${describeIssues(result.error.issues)} (${CONFIG_FIX_HINT})`,
    );
  }
  return result.data;
}

/**
 * Whether the check returned a config's JSON value as it is (key order
 * aside): only such a config may be stamped (`check_stamp.ts`), since a
 * stamped run gets the file's value, not the check's. zod's URL check trims
 * a `base_url` and drops its tabs and line breaks, so a config with those is
 * checked every time.
 */
export function checkedAsIs(checked: unknown, data: unknown): boolean {
  if (typeof checked !== "object" || checked === null) return Object.is(checked, data);
  if (typeof data !== "object" || data === null) return false;
  if (Array.isArray(checked) !== Array.isArray(data)) return false;
  const keys = Object.keys(checked);
  if (keys.length !== Object.keys(data).length) return false;
  return keys.every((key) =>
    Object.hasOwn(data, key) &&
    checkedAsIs((checked as Record<string, unknown>)[key], (data as Record<string, unknown>)[key])
  );
}
