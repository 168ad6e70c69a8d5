/**
 * Loads everything credentials are resolved from for one run: the
 * environment, `./.env` (only in a trusted directory,
 * `load_working_dotenv.ts`), the config directory's `.env` and the config file.
 * Every secret value found is registered with the redaction module at once,
 * and `.env` warnings are printed. Keys stored as secret references are
 * resolved here, before any provider request (`resolve_stored_references.ts`),
 * and keys stored encrypted are decrypted here, in memory only
 * (`src/credentials/decrypt_stored_keys.ts`), asking for the passphrase only
 * when a provider the command uses needs it; that code
 * (`load_protected_sources.ts`) is loaded only when the config holds an
 * encrypted key or a reference.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import type { ConfigPaths } from "../config/paths.ts";
import { registerSecret } from "../security/redact.ts";
import { loadDotenv } from "./load_dotenv.ts";
import { loadWorkingDotenv } from "./load_working_dotenv.ts";
import { readPrivateFile } from "../config/open_private_file.ts";
import type { CredentialSources } from "./resolve_credentials.ts";
import type { SecretResolver } from "../secrets/resolve_secret_ref.ts";
import { selectProfile } from "../config/select_profile.ts";
import { isEncryptedValue } from "../config/is_encrypted_value.ts";
import { isSecretRef } from "../config/is_secret_ref.ts";

/** The sources of one provider's credentials, given its config entry. */
export type SourcesFor = (provider: string) => CredentialSources;

/** Options of {@linkcode loadCredentialSources}. */
export interface LoadCredentialSourcesOptions {
  /**
   * The providers this command uses: only their secret references are
   * fetched and their encrypted keys decrypted (with Bedrock's and Vertex
   * AI's when their references need them). Every configured provider's
   * when absent. Others can be added later with
   * {@linkcode LoadedSources.prepare}.
   */
  providers?: readonly string[];
}

/** Each provider's sources, and a way to load a provider left out of the first load. */
export interface LoadedSources extends SourcesFor {
  /**
   * Fetches the references and decrypts the keys of `provider` if the load
   * left them out; afterwards its sources are available. `prompt: false`
   * never asks for the passphrase on the terminal (a chat session holds
   * it): `OMNIMANCER_PASSPHRASE` or an earlier answer only.
   */
  prepare(provider: string, options?: { prompt?: boolean }): Promise<void>;
}

/**
 * Reads both `.env` files once, decrypts the config's encrypted keys,
 * resolves its secret references and returns a function giving each
 * provider's sources. Asking for a provider whose key could not be
 * decrypted, or whose reference failed, throws that failure (exit 3).
 */
export async function loadCredentialSources(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
  options: LoadCredentialSourcesOptions = {},
): Promise<LoadedSources> {
  const stored = await loadStoredSources(context, paths, config);
  // Checked as before any decryption: a bad --profile or OMNIMANCER_PROFILE fails here.
  const profile = selectProfile({ flag: context.profile, env: context.env("OMNIMANCER_PROFILE") })
    .name;
  if (!holdsProtectedValues(config)) {
    // Nothing to decrypt or fetch for any provider: the keystore and the references' code stay unloaded.
    const sourcesFor = ((provider: string) => stored(provider)) as LoadedSources;
    sourcesFor.prepare = () => Promise.resolve();
    return sourcesFor;
  }
  const { loadProtectedSources } = await import("./load_protected_sources.ts");
  return await loadProtectedSources(context, config, { stored, profile, ...options });
}

/**
 * Whether a provider entry of the config holds an encrypted key or a
 * secret reference (shadowed or not): without one, decrypting and resolving
 * find nothing for any provider.
 */
export function holdsProtectedValues(config: Config): boolean {
  return Object.values(config.providers ?? {}).some((entry) =>
    Object.values(entry ?? {}).some((value) =>
      typeof value === "string" && (isEncryptedValue(value) || isSecretRef(value))
    )
  );
}

/** The resolver of secret references for one command (`omn keys set --ref`). */
export async function loadSecretResolver(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
): Promise<SecretResolver> {
  const sourcesFor = await loadStoredSources(context, paths, config);
  const { createStoredSecretResolver } = await import("./resolve_stored_references.ts");
  return createStoredSecretResolver({ env: context.env, config, sourcesFor, fetch: context.fetch });
}

/** The sources as stored: config entries may still hold references and encrypted keys. */
export async function loadStoredSources(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
): Promise<SourcesFor> {
  const customProviders = Object.keys(config.providers ?? {});
  const cwdDotenv = await loadWorkingDotenv({
    cwd: context.cwd,
    configDir: paths.dir,
    config,
    env: context.env,
  });
  const configDotenv = await loadDotenv(paths.dotenv, {
    source: paths.dotenv,
    customProviders,
    readTextFile: readConfigDirDotenv,
  });
  for (const secrets of [cwdDotenv.secrets, configDotenv.values]) {
    for (const [name, value] of Object.entries(secrets)) registerSecret(value, name);
  }
  for (const warning of [...cwdDotenv.warnings, ...configDotenv.warnings]) {
    context.io.message("warn", warning);
  }
  return (provider) => ({
    env: context.env,
    dotenvCwd: cwdDotenv.values,
    dotenvConfig: configDotenv.values,
    config: config.providers?.[provider],
  });
}

/**
 * Reads the config directory's `.env` like every file of that directory
 * (`openPrivateFile`: never through a link, never another user's file).
 */
async function readConfigDirDotenv(path: string): Promise<string> {
  const read = await readPrivateFile(path, { label: "config directory .env" });
  if (read === undefined) throw new Deno.errors.NotFound(`No such file "${path}"`);
  return new TextDecoder().decode(read.bytes);
}
