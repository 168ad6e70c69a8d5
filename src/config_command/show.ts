/**
 * `omn config show`: the config with every secret masked.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { maskSecret } from "../security/redact.ts";
import type { Config } from "../config/schema.ts";
import { maskConfig } from "../config/mask_config.ts";
import { jsonText } from "./_json_text.ts";

/** The inputs of `omn config show`. */
export interface ConfigShowOptions {
  /** `--json`: print JSON instead of `key = value` lines. */
  json: boolean;
}

/** `key = value` lines for every leaf of a config. */
export function formatFlat(config: Config): string {
  const lines: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        walk(child, prefix ? `${prefix}.${key}` : key);
      }
    } else {
      lines.push(`${prefix} = ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  };
  walk(config, "");
  return lines.join("\n") + "\n";
}

/** Prints the config, secrets masked. */
export async function runConfigShow(
  options: ConfigShowOptions,
  context: CliContext,
): Promise<void> {
  const { config } = await readConfig(context);
  const masked = maskConfig(config, maskSecret);
  await context.io.write(options.json ? jsonText(masked) : formatFlat(masked));
}
