/**
 * The hook of secret references into credential resolution: a key stored in
 * the config file as a reference (`vault://…`, `aws-sm://…`, …) is resolved
 * when the credential sources are loaded, before any provider request, and
 * its value replaces the reference in memory only. References that a higher
 * source (the environment, a `.env` file) shadows are not fetched.
 *
 * Also where the managers' own credentials come from: AWS Secrets Manager
 * signs with the AWS credentials and region resolved for Bedrock
 * (`AWS_ACCESS_KEY_ID`, …, `AWS_REGION`); Google Secret Manager uses the
 * service account in `OMNIMANCER_GCP_SERVICE_ACCOUNT`, else the Vertex AI
 * one. Neither may itself be a reference.
 *
 * @module
 */
import { unshadowedStoredKeys } from "./unshadowed_stored_keys.ts";
import { RefusalError } from "../core/errors.ts";
import type { Config } from "../config/schema.ts";
import type { AwsManagerCredentials } from "../secrets/aws_secrets_manager.ts";
import type { GcpServiceAccountSource } from "../secrets/gcp_secret_manager.ts";
import { GCP_SERVICE_ACCOUNT_ENV } from "../permissions/manager_env_names.ts";
import { isSecretRef } from "../config/parse_secret_ref.ts";
import type { SecretResolver, SecretResolverOptions } from "../secrets/resolve_secret_ref.ts";
import {
  type CredentialSources,
  resolveCredentials,
  type ResolvedField,
  type StoredCredentials,
  type StoredReference,
} from "./resolve_credentials.ts";

/** One provider's config entry after its references were resolved, or why they could not be. */
export type ReferenceOutcome =
  | {
    readonly entry: StoredCredentials;
    readonly references: Readonly<Record<string, StoredReference>>;
  }
  | { readonly error: RefusalError };

/** Options of {@linkcode resolveStoredReferences}. */
export interface ResolveStoredReferencesOptions {
  /** Each provider's sources as loaded (config entries still holding references). */
  sourcesFor: (provider: string) => CredentialSources;
  /** Resolves one reference. */
  resolve: SecretResolver;
  /**
   * Only these providers' references are fetched; the others' are reported
   * as not resolved. Every configured provider when absent.
   */
  providers?: readonly string[];
}

/** The config keys of a provider's entry that hold references to fetch (not shadowed). */
function referencedKeys(provider: string, sources: CredentialSources): string[] {
  return unshadowedStoredKeys(provider, sources, isSecretRef);
}

/**
 * Resolves the references of every configured provider (or of
 * `options.providers`), each provider on its own: one failing reference
 * makes only its provider's outcome an error, which is thrown when that
 * provider's sources are asked for. Providers without references are absent
 * from the result.
 */
export async function resolveStoredReferences(
  config: Config,
  options: ResolveStoredReferencesOptions,
): Promise<Map<string, ReferenceOutcome>> {
  const outcomes = new Map<string, ReferenceOutcome>();
  const pending = Object.keys(config.providers ?? {}).map(async (provider) => {
    const sources = options.sourcesFor(provider);
    const keys = referencedKeys(provider, sources);
    if (keys.length === 0) return;
    const entry = sources.config!;
    if (options.providers !== undefined && !options.providers.includes(provider)) {
      outcomes.set(provider, {
        error: new RefusalError(
          `The secret reference "${
            entry[keys[0]]
          }" of ${provider} was not resolved for this command`,
        ),
      });
      return;
    }
    try {
      const resolved = await Promise.all(
        keys.map((key) => options.resolve(entry[key] as string)),
      );
      const next: Record<string, unknown> = { ...entry };
      const references: Record<string, StoredReference> = {};
      keys.forEach((key, index) => {
        next[key] = resolved[index].value;
        references[key] = { kind: resolved[index].ref.kind, text: resolved[index].ref.text };
      });
      outcomes.set(provider, { entry: next as StoredCredentials, references });
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      outcomes.set(provider, { error });
    }
  });
  await Promise.all(pending);
  return outcomes;
}

/** A provider's sources with its resolved references; throws the provider's resolution failure. */
export function withResolvedReferences(
  sources: CredentialSources,
  outcome: ReferenceOutcome | undefined,
): CredentialSources {
  if (outcome === undefined) return sources;
  if ("error" in outcome) throw outcome.error;
  return { ...sources, config: outcome.entry, references: outcome.references };
}

function describeField(field: ResolvedField): string {
  switch (field.source) {
    case "env":
      return field.variable ?? "the environment";
    case ".env":
      return `${field.variable} in ./.env`;
    case "config-dir .env":
      return `${field.variable} in the config directory's .env`;
    default:
      return "the config file";
  }
}

function refuseReference(field: ResolvedField, what: string): void {
  if (isSecretRef(field.value)) {
    throw new Error(
      `the ${what} (from ${
        describeField(field)
      }) is itself a secret reference, which cannot be used to reach a secret manager`,
    );
  }
}

/** The AWS credentials and region for Secrets Manager: Bedrock's, as resolved. */
export function awsManagerCredentials(sources: CredentialSources): AwsManagerCredentials {
  const { fields } = resolveCredentials("bedrock", sources);
  const id = fields.access_key_id;
  const secret = fields.secret_access_key;
  if (id === undefined || secret === undefined) {
    throw new Error(
      'no AWS access keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run "omn keys set bedrock"',
    );
  }
  for (const field of [id, secret, fields.session_token]) {
    if (field !== undefined) refuseReference(field, "AWS credential");
  }
  return {
    accessKeyId: id.value,
    secretAccessKey: secret.value,
    sessionToken: fields.session_token?.value,
    region: fields.region?.value,
  };
}

/** The service account for Google Secret Manager: `OMNIMANCER_GCP_SERVICE_ACCOUNT`, else Vertex's. */
export async function gcpManagerServiceAccount(
  env: (name: string) => string | undefined,
  sources: CredentialSources,
): Promise<GcpServiceAccountSource> {
  const inline = env(GCP_SERVICE_ACCOUNT_ENV);
  if (inline) return { json: inline, origin: GCP_SERVICE_ACCOUNT_ENV };
  const { fields } = resolveCredentials("vertex", sources);
  const key = fields.service_account;
  if (key !== undefined) {
    refuseReference(key, "Vertex AI service account");
    return { json: key.value, origin: `the Vertex AI key (${describeField(key)})` };
  }
  const file = fields.credentials_file;
  if (file !== undefined) {
    try {
      return { json: await Deno.readTextFile(file.value), origin: `"${file.value}"` };
    } catch (error) {
      const reason = error instanceof Deno.errors.NotCapable ||
          error instanceof Deno.errors.PermissionDenied
        ? "omn may read only its config directory and ./.env"
        : (error as Error).message;
      throw new Error(
        `cannot read the service account key "${file.value}" (${reason}); ` +
          `put its JSON in ${GCP_SERVICE_ACCOUNT_ENV} or run "omn keys set vertex --stdin"`,
      );
    }
  }
  throw new Error(
    `no Google service account: set ${GCP_SERVICE_ACCOUNT_ENV} to a key's JSON, or run "omn keys set vertex --stdin < key.json"`,
  );
}

/** What {@linkcode createStoredSecretResolver} needs. */
export interface StoredSecretResolverOptions {
  /** The process environment. */
  env: (name: string) => string | undefined;
  /** The config (its `secrets` settings and `settings.timeout_ms`). */
  config: Config;
  /** Each provider's sources as loaded (for the AWS and Google credentials). */
  sourcesFor: (provider: string) => CredentialSources;
  /** The fetch under the secure fetch (tests); the global fetch by default. */
  fetch?: typeof fetch;
}

/** The resolver of one run, with the managers' credentials taken from the credential sources. */
export function createStoredSecretResolver(options: StoredSecretResolverOptions): SecretResolver {
  const resolverOptions: SecretResolverOptions = {
    env: options.env,
    settings: options.config.secrets,
    timeoutMs: options.config.settings?.timeout_ms,
    awsCredentials: () => awsManagerCredentials(options.sourcesFor("bedrock")),
    gcpServiceAccount: () => gcpManagerServiceAccount(options.env, options.sourcesFor("vertex")),
    fetch: options.fetch,
  };
  // The managers' clients load only when a reference is resolved: most runs have none.
  let resolver: Promise<SecretResolver> | undefined;
  return async (text) => {
    resolver ??= import("../secrets/resolve_secret_ref.ts").then(({ createSecretResolver }) =>
      createSecretResolver(resolverOptions)
    );
    return await (await resolver)(text);
  };
}
