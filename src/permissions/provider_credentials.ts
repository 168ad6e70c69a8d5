/**
 * Which variables hold the credentials of which provider, as plain data.
 *
 * Every provider lists the fields it needs. Each field lists the environment
 * variables that may hold it, in resolution order: first the omnimancer
 * variable `OMNIMANCER_<PROVIDER>_<FIELD>` (for example
 * `OMNIMANCER_OPENAI_API_KEY`, `OMNIMANCER_BEDROCK_ACCESS_KEY_ID`), then the
 * variables the provider's own tools read (`OPENAI_API_KEY`, `AWS_REGION`, …).
 * The same names, in the same order, are looked up in `.env` files.
 *
 * Vertex takes either the path of a service account file
 * (`GOOGLE_APPLICATION_CREDENTIALS`, only the path is read here) or the JSON
 * text of a service account key (`OMNIMANCER_VERTEX_SERVICE_ACCOUNT`, or
 * `service_account` in the config file). Bedrock takes either AWS access keys
 * or a Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`), and a region.
 *
 * The permission set of the program is built from {@linkcode credentialEnvNames},
 * so a variable that is not in this table is never read.
 *
 * @module
 */

/** The name of one credential field, as used in results and in the config file. */
export type CredentialFieldName =
  | "api_key"
  | "access_key_id"
  | "secret_access_key"
  | "session_token"
  | "region"
  | "credentials_file"
  | "service_account";

/** One credential field of a provider and where it may be found. */
export interface CredentialFieldSpec {
  /** The field name, e.g. `api_key`. */
  readonly field: CredentialFieldName;
  /** A short human name, e.g. `API key`, `AWS secret access key`. */
  readonly label: string;
  /** Whether the value is a secret that must be masked in all output. */
  readonly secret: boolean;
  /** Environment (and `.env`) variable names, in resolution order. */
  readonly envNames: readonly string[];
  /** The key of this field in the provider's entry of the config file, if it is stored there. */
  readonly configKey?: string;
}

/** The credential needs of one provider. */
export interface ProviderCredentialSpec {
  /** The canonical provider id, e.g. `anthropic`. */
  readonly provider: string;
  /** The provider's name for people, e.g. `Anthropic`. */
  readonly displayName: string;
  /** Every field the provider may use; empty when it needs no credentials. */
  readonly fields: readonly CredentialFieldSpec[];
  /**
   * The ways to satisfy the provider: it has what it needs when every field
   * of at least one set is present. Empty when no credentials are needed.
   */
  readonly requiredSets: readonly (readonly CredentialFieldName[])[];
}

/** The omnimancer variable for one field of one provider: `OMNIMANCER_<PROVIDER>_<FIELD>`. */
export function omnimancerEnvName(provider: string, field: CredentialFieldName): string {
  const providerPart = provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  return `OMNIMANCER_${providerPart}_${field.toUpperCase()}`;
}

function apiKeyProvider(
  provider: string,
  displayName: string,
  standardNames: readonly string[],
): ProviderCredentialSpec {
  return {
    provider,
    displayName,
    fields: [{
      field: "api_key",
      label: "API key",
      secret: true,
      envNames: [omnimancerEnvName(provider, "api_key"), ...standardNames],
      configKey: "api_key",
    }],
    requiredSets: [["api_key"]],
  };
}

function noCredentialProvider(provider: string, displayName: string): ProviderCredentialSpec {
  return { provider, displayName, fields: [], requiredSets: [] };
}

const bedrock: ProviderCredentialSpec = {
  provider: "bedrock",
  displayName: "Amazon Bedrock",
  fields: [
    {
      field: "access_key_id",
      label: "AWS access key id",
      secret: true,
      envNames: [omnimancerEnvName("bedrock", "access_key_id"), "AWS_ACCESS_KEY_ID"],
      configKey: "aws_access_key_id",
    },
    {
      field: "secret_access_key",
      label: "AWS secret access key",
      secret: true,
      envNames: [omnimancerEnvName("bedrock", "secret_access_key"), "AWS_SECRET_ACCESS_KEY"],
      configKey: "aws_secret_access_key",
    },
    {
      field: "session_token",
      label: "AWS session token",
      secret: true,
      envNames: [omnimancerEnvName("bedrock", "session_token"), "AWS_SESSION_TOKEN"],
      configKey: "aws_session_token",
    },
    {
      field: "api_key",
      label: "Bedrock API key",
      secret: true,
      envNames: [omnimancerEnvName("bedrock", "api_key"), "AWS_BEARER_TOKEN_BEDROCK"],
      configKey: "api_key",
    },
    {
      field: "region",
      label: "AWS region",
      secret: false,
      envNames: [omnimancerEnvName("bedrock", "region"), "AWS_REGION", "AWS_DEFAULT_REGION"],
      configKey: "region",
    },
  ],
  requiredSets: [["access_key_id", "secret_access_key", "region"], ["api_key", "region"]],
};

const vertex: ProviderCredentialSpec = {
  provider: "vertex",
  displayName: "Google Vertex AI",
  fields: [
    {
      field: "credentials_file",
      label: "service account file",
      secret: false,
      envNames: [omnimancerEnvName("vertex", "credentials_file"), "GOOGLE_APPLICATION_CREDENTIALS"],
    },
    {
      field: "service_account",
      label: "service account key",
      secret: true,
      envNames: [omnimancerEnvName("vertex", "service_account")],
      configKey: "service_account",
    },
  ],
  requiredSets: [["credentials_file"], ["service_account"]],
};

/**
 * The credential table, keyed by canonical provider id.
 *
 * @example Standard variables of Anthropic
 * ```ts
 * import { PROVIDER_CREDENTIALS } from "./provider_credentials.ts";
 * PROVIDER_CREDENTIALS.anthropic.fields[0].envNames;
 * // ["OMNIMANCER_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", "CLAUDE_API_KEY"]
 * ```
 */
export const PROVIDER_CREDENTIALS: Readonly<Record<string, ProviderCredentialSpec>> = {
  openai: apiKeyProvider("openai", "OpenAI", ["OPENAI_API_KEY"]),
  anthropic: apiKeyProvider("anthropic", "Anthropic", ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"]),
  gemini: apiKeyProvider("gemini", "Google Gemini", ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
  vertex,
  bedrock,
  azure: apiKeyProvider("azure", "Azure OpenAI", ["AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"]),
  mistral: apiKeyProvider("mistral", "Mistral", ["MISTRAL_API_KEY"]),
  xai: apiKeyProvider("xai", "xAI", ["XAI_API_KEY"]),
  perplexity: apiKeyProvider("perplexity", "Perplexity", ["PERPLEXITY_API_KEY"]),
  openrouter: apiKeyProvider("openrouter", "OpenRouter", ["OPENROUTER_API_KEY"]),
  ollama: noCredentialProvider("ollama", "Ollama"),
  mock: noCredentialProvider("mock", "Mock"),
};

/** Other names accepted for a provider id, mapped to the canonical id. */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  claude: "anthropic",
};

/**
 * The canonical id of a provider: lower-cased, with aliases resolved.
 *
 * @example
 * ```ts
 * import { canonicalProviderId } from "./provider_credentials.ts";
 * canonicalProviderId("Claude"); // "anthropic"
 * ```
 */
export function canonicalProviderId(provider: string): string {
  const lowered = provider.trim().toLowerCase();
  return Object.hasOwn(PROVIDER_ALIASES, lowered) ? PROVIDER_ALIASES[lowered] : lowered;
}

/**
 * Whether a provider id (or alias) is one of the built-in providers of the table.
 * Any other id is treated as a custom OpenAI-compatible provider.
 */
export function isKnownProvider(provider: string): boolean {
  return Object.hasOwn(PROVIDER_CREDENTIALS, canonicalProviderId(provider));
}

/**
 * The credential needs of a provider. A built-in provider (or alias) gets its
 * table entry; any other id is a custom OpenAI-compatible provider that needs
 * one API key, read from `OMNIMANCER_<ID>_API_KEY` or the config file.
 */
export function providerCredentials(provider: string): ProviderCredentialSpec {
  const id = canonicalProviderId(provider);
  if (Object.hasOwn(PROVIDER_CREDENTIALS, id)) return PROVIDER_CREDENTIALS[id];
  return apiKeyProvider(id, id, []);
}

/** Options of {@linkcode credentialEnvNames}. */
export interface CredentialEnvNamesOptions {
  /** Ids of custom providers whose `OMNIMANCER_<ID>_API_KEY` may be read too. */
  readonly customProviders?: readonly string[];
}

/**
 * Every environment variable name the program may read for credentials,
 * sorted and without duplicates; the permission set is built from it.
 *
 * @example
 * ```ts
 * import { credentialEnvNames } from "./provider_credentials.ts";
 * const allowEnv = `--allow-env=${credentialEnvNames().join(",")}`;
 * ```
 */
export function credentialEnvNames(options: CredentialEnvNamesOptions = {}): string[] {
  const names = new Set<string>();
  for (const spec of Object.values(PROVIDER_CREDENTIALS)) {
    for (const field of spec.fields) {
      for (const name of field.envNames) names.add(name);
    }
  }
  for (const provider of options.customProviders ?? []) {
    for (const field of providerCredentials(provider).fields) {
      for (const name of field.envNames) names.add(name);
    }
  }
  return [...names].sort();
}
