/**
 * Loads everything credentials are resolved from for one run: the
 * environment, `./.env`, the config directory's `.env` and the config file.
 * Every secret value found is registered with the redaction module at once,
 * and `.env` warnings are printed.
 *
 * @module
 */
import { join } from "node:path";
import type { CliContext } from "../cli/context.ts";
import type { Config } from "../config/schema.ts";
import type { ConfigPaths } from "../config/paths.ts";
import { registerSecret } from "../security/redact.ts";
import { loadDotenv } from "./load_dotenv.ts";
import type { CredentialSources } from "./resolve_credentials.ts";

/** The sources of one provider's credentials, given its config entry. */
export type SourcesFor = (provider: string) => CredentialSources;

/** Reads both `.env` files once and returns a function giving each provider's sources. */
export async function loadCredentialSources(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
): Promise<SourcesFor> {
  const customProviders = Object.keys(config.providers ?? {});
  const cwdDotenv = await loadDotenv(join(context.cwd, ".env"), {
    source: "./.env",
    customProviders,
  });
  const configDotenv = await loadDotenv(paths.dotenv, { source: paths.dotenv, customProviders });
  for (const result of [cwdDotenv, configDotenv]) {
    for (const [name, value] of Object.entries(result.values)) registerSecret(value, name);
    for (const warning of result.warnings) context.io.message("warn", warning);
  }
  return (provider) => ({
    env: context.env,
    dotenvCwd: cwdDotenv.values,
    dotenvConfig: configDotenv.values,
    config: config.providers?.[provider],
  });
}
