/**
 * Parsing the text of `config.json` with zod loaded only when the config
 * needs its check: malformed JSON, a newer version and the empty config
 * (`{ "version": 1 }`) are told apart without it. The result and every error
 * are those of `parseConfig` (`parse_config.ts`).
 *
 * @module
 */
import { isEmptyConfigJson, readConfigJson } from "./read_config_json.ts";
import { emptyConfig } from "./config_constants.ts";
import type { Config } from "./schema.ts";

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
