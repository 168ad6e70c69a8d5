/**
 * Parsing the text of `config.json` with zod loaded only when the config
 * needs its check: malformed JSON, a newer version and the empty config
 * (`{ "version": 1 }`) are told apart without it, and a text a check stamp
 * vouches for (`check_stamp.ts`) was checked before. The result and every
 * error are those of `parseConfig` (`parse_config.ts`).
 *
 * @module
 */
import { isEmptyConfigJson, readConfigJson } from "./read_config_json.ts";
import { emptyConfig } from "./config_constants.ts";
import type { Config } from "./schema.ts";
import type { CheckStamp } from "./check_stamp.ts";

/**
 * Parses and validates the text of a config file, as `parseConfig` does.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./load_config.ts";
 * await loadConfig('{ "version": 1 }', "config.json"); // { version: 1 }
 * ```
 *
 * @throws {RefusalError} the errors of `parseConfig`.
 */
export async function loadConfig(text: string, path: string): Promise<Config> {
  const data = readConfigJson(text, path);
  if (isEmptyConfigJson(data)) return emptyConfig();
  const { validateConfigJson } = await import("./parse_config.ts");
  return validateConfigJson(data, path);
}

/**
 * {@linkcode loadConfig}, skipping the schema check when `stamp` vouches for
 * `text` (it passed the same check before), and stamping `text` when it
 * passes as it is. The schema has no defaults and no transforms
 * (tests/config/check_stamp_test.ts), so a config it passes is mostly the
 * JSON value itself; where it is not (zod's URL check trims a `base_url`
 * and drops its tabs and line breaks), the text is not stamped
 * (`checkedAsIs`), and every run gets the checked value. Otherwise only the
 * order of keys differs from the checked config's (the schema's order),
 * which is why the commands that print or write the config check it every
 * time.
 *
 * @throws {RefusalError} the errors of `parseConfig`, and an unsafe stamp's.
 */
export async function loadStampedConfig(
  text: string,
  path: string,
  stamp: CheckStamp,
): Promise<Config> {
  const data = readConfigJson(text, path);
  if (isEmptyConfigJson(data)) return emptyConfig();
  if (await stamp.vouchesFor(text)) return data as Config;
  const { checkedAsIs, validateConfigJson } = await import("./parse_config.ts");
  const config = validateConfigJson(data, path);
  // A stamped run gets the file's value: a config the check changed is never stamped.
  if (checkedAsIs(config, data)) await stamp.record(text);
  return config;
}
