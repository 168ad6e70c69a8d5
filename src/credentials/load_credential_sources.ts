/**
 * Loads everything credentials are resolved from for one run: the
 * environment, `./.env` (only in a trusted directory,
 * `load_working_dotenv.ts`), the config directory's `.env` and the config file.
 * Every secret value found is registered with the redaction module at once,
 * and `.env` warnings are printed. Keys stored as secret references are
 * resolved here, before any provider request (`resolve_stored_references.ts`),
 * and keys stored encrypted are decrypted here, in memory only
 * (`src/credentials/decrypt_stored_keys.ts`), asking for the passphrase only
 * when a provider the command uses needs it.
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
import {
  createStoredSecretResolver,
  resolveStoredReferences,
  withResolvedReferences,
} from "./resolve_stored_references.ts";
import type { SecretResolver } from "../secrets/resolve_secret_ref.ts";
import {
  type DecryptionOutcome,
  decryptStoredKeys,
  withDecryptedKeys,
} from "./decrypt_stored_keys.ts";
import { acceptedIterations, Keyring } from "../keystore/keyring.ts";
import { selectProfile } from "../config/select_profile.ts";
import { readPassphrase } from "../keystore/passphrase.ts";
import type { ReferenceOutcome } from "./resolve_stored_references.ts";

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
  const decrypted = new Map<string, DecryptionOutcome>();
  const resolved = new Map<string, ReferenceOutcome>();
  const openedOrStored = (provider: string) => {
    const outcome = decrypted.get(provider);
    return outcome !== undefined && !("error" in outcome)
      ? withDecryptedKeys(stored(provider), outcome)
      : stored(provider);
  };
  const resolve = createStoredSecretResolver({
    env: context.env,
    config,
    sourcesFor: openedOrStored,
    fetch: context.fetch,
  });
  let keyring: Keyring | undefined;
  const load = async (providers: readonly string[] | undefined, prompt: boolean) => {
    const scope = providers === undefined ? undefined : withManagers(providers, stored);
    const keep = <T>(
      into: Map<string, T>,
      outcomes: Map<string, T>,
      inScope?: readonly string[],
    ) => {
      for (const [provider, outcome] of outcomes) {
        if (inScope === undefined || inScope.includes(provider) || !into.has(provider)) {
          into.set(provider, outcome);
        }
      }
    };
    keep(
      decrypted,
      await decryptStoredKeys(config, {
        profile: selectProfile({ flag: context.profile, env: context.env("OMNIMANCER_PROFILE") })
          .name,
        sourcesFor: stored,
        keyring: async (provider) => {
          const passphrase = await readPassphrase(context, {
            reason: `The stored ${provider} key is encrypted`,
            prompt,
          });
          return keyring ??= new Keyring(passphrase, {
            iterations: acceptedIterations(config.settings?.kdf_iterations),
          });
        },
        providers: scope,
      }),
      scope,
    );
    keep(
      resolved,
      await resolveStoredReferences(config, { sourcesFor: openedOrStored, resolve, providers }),
      providers,
    );
  };
  await load(options.providers, true);
  const prepared = new Map<string, Promise<void>>();
  const sourcesFor = ((provider: string) =>
    withResolvedReferences(
      withDecryptedKeys(stored(provider), decrypted.get(provider)),
      resolved.get(provider),
    )) as LoadedSources;
  sourcesFor.prepare = (provider, prepareOptions = {}) => {
    if (options.providers === undefined || options.providers.includes(provider)) {
      return Promise.resolve();
    }
    let done = prepared.get(provider);
    if (done === undefined) {
      done = load([provider], prepareOptions.prompt ?? true);
      prepared.set(provider, done);
    }
    return done;
  };
  return sourcesFor;
}

/**
 * `providers`, with Bedrock when one of them holds an `aws-sm://` reference
 * (Secrets Manager signs with Bedrock's keys) and Vertex AI when one holds a
 * `gcp-sm://` reference (its service account), so that those keys are
 * decrypted too when they are stored encrypted.
 */
function withManagers(
  providers: readonly string[],
  stored: SourcesFor,
): readonly string[] {
  const texts = providers.flatMap((provider) =>
    Object.values(stored(provider).config ?? {}).filter((value) => typeof value === "string")
  ) as string[];
  return [
    ...providers,
    ...(texts.some((text) => text.startsWith("aws-sm://")) ? ["bedrock"] : []),
    ...(texts.some((text) => text.startsWith("gcp-sm://")) ? ["vertex"] : []),
  ];
}

/** The resolver of secret references for one command (`omn keys set --ref`). */
export async function loadSecretResolver(
  context: CliContext,
  paths: ConfigPaths,
  config: Config,
): Promise<SecretResolver> {
  const sourcesFor = await loadStoredSources(context, paths, config);
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
