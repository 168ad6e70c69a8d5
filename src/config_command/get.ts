/**
 * `omn config get KEY`: one value of the config, secrets masked.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { UsageError } from "../core/errors.ts";
import { maskSecret } from "../security/redact.ts";
import { getConfigValue, maskConfig } from "../config/schema.ts";
import { jsonText } from "./_json_text.ts";

/** The inputs of `omn config get`. */
export interface ConfigGetOptions {
  /** A dotted key: `default_provider`, `providers.openai.base_url`, … */
  key: string;
  /** `--json`: print the value as JSON. */
  json: boolean;
}

/** Prints one config value (an object as JSON), secrets masked. */
export async function runConfigGet(options: ConfigGetOptions, context: CliContext): Promise<void> {
  const { config } = await readConfig(context);
  const shown = getConfigValue(maskConfig(config, maskSecret), options.key);
  if (shown === undefined) throw new UsageError(`Config key "${options.key}" is not set`);
  await context.io.write(
    options.json || typeof shown === "object" ? jsonText(shown) : `${shown}\n`,
  );
}
