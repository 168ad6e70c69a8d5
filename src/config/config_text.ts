/**
 * The text of a config file as the store writes and reads it: the JSON it
 * writes, the UTF-8 check of what it reads, and the schema check before
 * any save. Shared by `config.json` (`store.ts`) and its backups
 * (`config_backups.ts`).
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { CONFIG_FIX_HINT } from "./read_config_json.ts";
import type { Config } from "./schema.ts";

/** The JSON text the store writes for a config: two-space indented, one final newline. */
export function serializeConfig(config: Config): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * The bytes of a config file (`path`, named in the error) as text.
 *
 * @throws {RefusalError} when the bytes are not UTF-8.
 */
export function decodeConfigText(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RefusalError(
      `Cannot parse config "${path}": it is not UTF-8 text (${CONFIG_FIX_HINT})`,
    );
  }
}

/** Where a config is about to be saved, and why, for {@linkcode validateForSave}'s error. */
export interface SaveContext {
  /** The file the config would be written to. */
  file: string;
  /** Why it is written (`set settings.color`, `purge from backups`). */
  reason: string;
}

/**
 * `config` checked against the schema (zod is loaded here, for a change only).
 *
 * @throws {RefusalError} `Refusing to save an invalid config to "<file>" (<reason>): …`
 */
export async function validateForSave(config: Config, context: SaveContext): Promise<Config> {
  const { ConfigSchema, describeIssues } = await import("./schema.ts");
  const result = ConfigSchema.safeParse(config);
  if (result.success) return result.data;
  throw new RefusalError(
    `Refusing to save an invalid config to "${context.file}" (${context.reason}): ` +
      describeIssues(result.error.issues),
  );
}
