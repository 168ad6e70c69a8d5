/**
 * Resolves secret references (`env://`, `vault://`, `aws-sm://`,
 * `azure-kv://`, `gcp-sm://`) to their values, in memory only.
 *
 * Every request goes through the secure fetch (HTTPS only, loopback
 * excepted; the permission set's hosts), never follows a redirect (a
 * manager's token header must not travel to another origin), and every
 * value is registered with the redaction module the moment it is read. A
 * failure is a {@linkcode RefusalError} (exit 3) that names the reference,
 * never a value.
 *
 * @module
 */
import { OmnError, RefusalError } from "../core/errors.ts";
import { explainPermissionError } from "../core/permission_error.ts";
import { createSecureFetch } from "../net/secure_fetch.ts";
import { registerSecret } from "../security/redact.ts";
import { ENV_NAMES } from "../permissions/permission_set.ts";
import { type AwsManagerCredentials, readAwsSecret } from "./aws_secrets_manager.ts";
import { type AzureKeyVaultSettings, createAzureKeyVaultReader } from "./azure_key_vault.ts";
import {
  createGcpSecretManagerReader,
  type GcpSecretManagerSettings,
  type GcpServiceAccountSource,
} from "./gcp_secret_manager.ts";
import { parseSecretRef, type SecretRef, type SecretRefKind } from "../config/parse_secret_ref.ts";
import { readVaultSecret } from "./vault.ts";

/** The `secrets` settings of the config. */
export interface SecretManagerSettings {
  azure_kv?: AzureKeyVaultSettings;
  gcp_sm?: GcpSecretManagerSettings;
}

/** What the resolver needs: the environment, the settings and the managers' credentials. */
export interface SecretResolverOptions {
  /** Reads a variable of the process environment (never `.env`). */
  env: (name: string) => string | undefined;
  /** `secrets` of the config. */
  settings?: SecretManagerSettings;
  /** The AWS credentials and region; throws an `Error` explaining what is missing. */
  awsCredentials: () => AwsManagerCredentials;
  /** The Google service account; throws an `Error` explaining what is missing. */
  gcpServiceAccount: () => Promise<GcpServiceAccountSource>;
  /** Most time for each request; default 30 s. */
  timeoutMs?: number;
  /** The fetch under the secure fetch; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A resolved reference. */
export interface ResolvedSecretRef {
  /** The parsed reference. */
  ref: SecretRef;
  /** The value: keep it in memory only. */
  value: string;
}

/** Resolves one reference text; each reference is fetched at most once per resolver. */
export type SecretResolver = (text: string) => Promise<ResolvedSecretRef>;

/** The manager's name for messages and the secure fetch. */
const MANAGER_NAMES: Readonly<Record<SecretRefKind, string>> = {
  "env": "the environment",
  "vault": "HashiCorp Vault",
  "aws-sm": "AWS Secrets Manager",
  "azure-kv": "Azure Key Vault",
  "gcp-sm": "Google Secret Manager",
};

/** Whether the permission set lets omn read `name` (exactly, or by an `X*` prefix). */
export function isAllowedEnvName(name: string): boolean {
  return ENV_NAMES.some((allowed) =>
    allowed.endsWith("*") ? name.startsWith(allowed.slice(0, -1)) : allowed === name
  );
}

function readEnvRef(ref: Extract<SecretRef, { kind: "env" }>, options: SecretResolverOptions) {
  if (!isAllowedEnvName(ref.name)) {
    throw new Error(
      `reading the environment variable ${ref.name} is refused by omn's permission set: ` +
        "omn reads only the variables it documents (OMNIMANCER_* and the credential variables)",
    );
  }
  const value = options.env(ref.name);
  if (!value) throw new Error(`${ref.name} is not set in the environment`);
  return value;
}

/** The one-line detail of a failure, for the message that names the reference. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const permission = explainPermissionError(error);
  if (permission) return permission.message;
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (error instanceof OmnError || error instanceof Error) return error.message;
  return String(error);
}

/**
 * Creates a resolver. Managers are reached only when a reference of their
 * kind is resolved; Azure and Google tokens are fetched once per resolver.
 *
 * @example
 * ```ts ignore
 * const resolve = createSecretResolver({ env, awsCredentials, gcpServiceAccount });
 * const { value } = await resolve("vault://secret/openai#api_key");
 * ```
 */
export function createSecretResolver(options: SecretResolverOptions): SecretResolver {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetchFor = (kind: SecretRefKind): typeof fetch => {
    const secureFetch = createSecureFetch({
      provider: MANAGER_NAMES[kind],
      maxRedirects: 0,
      fetch: options.fetch,
    });
    return (input, init) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return secureFetch(input, { ...init, signal });
    };
  };
  const azure = createAzureKeyVaultReader({
    env: options.env,
    settings: options.settings?.azure_kv,
    fetch: fetchFor("azure-kv"),
  });
  const gcp = createGcpSecretManagerReader({
    serviceAccount: options.gcpServiceAccount,
    settings: options.settings?.gcp_sm,
    fetch: fetchFor("gcp-sm"),
  });
  const read = (ref: SecretRef): Promise<string> | string => {
    switch (ref.kind) {
      case "env":
        return readEnvRef(ref, options);
      case "vault":
        return readVaultSecret(ref, { env: options.env, fetch: fetchFor("vault") });
      case "aws-sm":
        return readAwsSecret(ref, {
          env: options.env,
          credentials: options.awsCredentials,
          fetch: fetchFor("aws-sm"),
        });
      case "azure-kv":
        return azure(ref);
      case "gcp-sm":
        return gcp(ref);
    }
  };
  const cache = new Map<string, Promise<ResolvedSecretRef>>();
  const resolve = async (text: string): Promise<ResolvedSecretRef> => {
    let ref: SecretRef;
    try {
      ref = parseSecretRef(text);
    } catch (error) {
      throw new RefusalError((error as Error).message, { cause: error });
    }
    try {
      const value = await read(ref);
      registerSecret(value, `${ref.kind} reference`);
      return { ref, value };
    } catch (error) {
      throw new RefusalError(
        `Cannot resolve the secret reference "${text}" (${MANAGER_NAMES[ref.kind]}): ${
          describeFailure(error, timeoutMs)
        }`,
        { cause: error },
      );
    }
  };
  return (text) => {
    let pending = cache.get(text);
    if (pending === undefined) {
      pending = resolve(text);
      cache.set(text, pending);
    }
    return pending;
  };
}
