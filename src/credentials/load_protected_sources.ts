/**
 * The part of `loadCredentialSources` (load_credential_sources.ts) that
 * decrypts the config's encrypted keys, in memory only
 * (`decrypt_stored_keys.ts`), and resolves its secret references
 * (`resolve_stored_references.ts`), asking for the passphrase only when a
 * provider the command uses needs it. Imported only when the config holds
 * an encrypted key or a reference: most runs load none of it.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import {
  createStoredSecretResolver,
  type ReferenceOutcome,
  resolveStoredReferences,
  withResolvedReferences,
} from "./resolve_stored_references.ts";
import {
  type DecryptionOutcome,
  decryptStoredKeys,
  withDecryptedKeys,
} from "./decrypt_stored_keys.ts";
import { acceptedIterations, Keyring } from "../keystore/keyring.ts";
import { readPassphrase } from "../keystore/passphrase.ts";
import type {
  LoadCredentialSourcesOptions,
  LoadedSources,
  SourcesFor,
} from "./load_credential_sources.ts";

/** What {@linkcode loadProtectedSources} needs besides the context and config. */
export interface ProtectedSourcesOptions extends LoadCredentialSourcesOptions {
  /** The sources as stored (`loadStoredSources`). */
  stored: SourcesFor;
  /** The profile whose keys these are. */
  profile: string;
}

/**
 * Decrypts the keys and resolves the references of `options.providers` (every
 * configured provider's when absent) and returns each provider's sources.
 */
export async function loadProtectedSources(
  context: CliContext,
  config: Config,
  options: ProtectedSourcesOptions,
): Promise<LoadedSources> {
  const { stored, profile } = options;
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
        profile,
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
