/**
 * Loads everything credentials are resolved from for one run: the
 * environment, `./.env`, the config directory's `.env` and the config file.
 * Every secret value found is registered with the redaction module at once,
 * and `.env` warnings are printed. Keys stored as secret references are
 * resolved here, before any provider request (`resolve_stored_references.ts`).
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
import {
  createStoredSecretResolver,
  resolveStoredReferences,
  withResolvedReferences,
} from "./resolve_stored_references.ts";
import type { SecretResolver } from "../secrets/resolve_secret_ref.ts";

/** The sources of one provider's credentials, given its config entry. */
export type SourcesFor = (provider: string) => CredentialSources;

/** Options of {@linkcode loadCredentialSources}. */
export interface LoadCredentialSourcesOptions {
  /**
   * The providers this command uses: only their secret references are
   * fetched. Every configured provider's when absent.
   */
  providers?: readonly string[];
}

/**
 * Reads both `.env` files once, resolves the config's secret references and
 * returns a function giving each provider's sources. Asking for a provider
 * whose reference failed throws that failure (exit 3, naming the reference).
 */
export async function loadCredentialSources(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
  options: LoadCredentialSourcesOptions = {},
): Promise<SourcesFor> {
  const sourcesFor = await loadStoredSources(context, paths, config);
  const outcomes = await resolveStoredReferences(config, {
    sourcesFor,
    resolve: createStoredSecretResolver({ env: context.env, config, sourcesFor }),
    providers: options.providers,
  });
  return (provider) => withResolvedReferences(sourcesFor(provider), outcomes.get(provider));
}

/** The resolver of secret references for one command (`omn keys set --ref`). */
export async function loadSecretResolver(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
): Promise<SecretResolver> {
  const sourcesFor = await loadStoredSources(context, paths, config);
  return createStoredSecretResolver({ env: context.env, config, sourcesFor });
}

/** The sources as stored: config entries may still hold references. */
async function loadStoredSources(
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
