/**
 * The versioned schema of `config.json` and pure helpers that read and change
 * a config by dotted key (`providers.openai.default_model`).
 *
 * Every object in the schema is strict, so a typo such as `settings.colour`
 * is reported with its field path instead of being silently ignored.
 * Nothing here does I/O: {@linkcode setConfigValue} and friends return new
 * objects and never change the one they are given.
 *
 * @module
 */
import { z } from "zod";
import { durationProblem, type DurationRule, durationRuleText } from "../core/duration.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { isSecretRef } from "./parse_secret_ref.ts";
import {
  CONFIG_VERSION,
  DEFAULT_PROFILE,
  isSecretField,
  PROFILE_NAME_PATTERN,
  PROVIDER_ID_PATTERN,
} from "./config_constants.ts";
import { TemplatesSchema } from "./template_schema.ts";
import { BudgetsSchema } from "./budget_schema.ts";
import { isEncryptedValue, MAX_KDF_ITERATIONS, MIN_KDF_ITERATIONS } from "./envelope.ts";
import { looksLikeName, quoteName } from "../security/quote_input.ts";

export {
  CONFIG_VERSION,
  DEFAULT_PROFILE,
  emptyConfig,
  isSecretField,
  PROFILE_NAME_PATTERN,
  PROVIDER_ID_PATTERN,
  SECRET_FIELDS,
  type SecretField,
} from "./config_constants.ts";
export { maskConfig, stripSecrets } from "./mask_config.ts";

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "Invalid URL: expected an http:// or https:// URL" })
  .refine((value) => {
    if (!URL.canParse(value)) return true; // already reported as an invalid URL
    const url = new URL(value);
    return url.username === "" && url.password === "";
  }, { error: "URL must not contain a user name or password: put the key in api_key" });

const jsonObjectTextSchema = z.string().refine((value) => {
  if (isSecretRef(value)) return true; // a secret reference, resolved when it is used
  if (isEncryptedValue(value)) return true; // an encrypted key, decrypted when it is used
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}, {
  error:
    "expected the JSON text of a service account key (an object), a secret reference or an encrypted key",
});

/** A duration setting, checked by the one duration check (`src/core/duration.ts`). */
function durationSchema(rule: DurationRule) {
  const text = durationRuleText(rule);
  return z.number({ error: text }).refine(
    (value) => durationProblem(value, rule) === undefined,
    { error: text },
  );
}

/** A client-side rate limit (`src/net/rate_limiter.ts`): a whole number per minute, 0 for none. */
function rateLimitSchema(unit: string) {
  return z.number({ error: `expected a whole number of ${unit} per minute (0 for no limit)` })
    .int({ error: `expected a whole number of ${unit} per minute (0 for no limit)` })
    .nonnegative({ error: `expected a whole number of ${unit} per minute (0 for no limit)` });
}

/** Schema of one entry under `providers`. */
export const ProviderConfigSchema = z.strictObject({
  api_key: z.string().min(1).optional(),
  key_updated_at: z.iso.datetime({ offset: true }).optional(),
  default_model: z.string().min(1).optional(),
  base_url: baseUrlSchema.optional(),
  aws_access_key_id: z.string().min(1).optional(),
  aws_secret_access_key: z.string().min(1).optional(),
  aws_session_token: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  deployment: z.string().min(1).optional(),
  api_version: z.string().min(1).optional(),
  resource: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  service_account: jsonObjectTextSchema.optional(),
  requests_per_minute: rateLimitSchema("requests").optional(),
  tokens_per_minute: rateLimitSchema("tokens").optional(),
});

/** Schema of the `settings` object. */
export const SettingsSchema = z.strictObject({
  on_secret: z.enum(["redact", "block", "allow"]).optional(),
  color: z.boolean().optional(),
  timeout_ms: durationSchema({ unit: "milliseconds", min: 1, whole: true }).optional(),
  /** Most retries of a failed request (`--max-retries`, default 4). */
  max_retries: z.number().int().nonnegative().optional(),
  /** Longest single wait before a retry (`--max-retry-wait`, default 60 000). */
  max_retry_wait_ms: durationSchema({ unit: "milliseconds", min: 0, whole: true }).optional(),
  /** Most time until a response starts (`--connect-timeout`, default 60 000). */
  connect_timeout_ms: durationSchema({ unit: "milliseconds", min: 1, whole: true }).optional(),
  /** Most time until the first byte of a reply (`--first-byte-timeout`, default 300 000). */
  first_byte_timeout_ms: durationSchema({ unit: "milliseconds", min: 1, whole: true }).optional(),
  /** Longest silence while a reply streams (`--idle-timeout`, default 120 000). */
  idle_timeout_ms: durationSchema({ unit: "milliseconds", min: 1, whole: true }).optional(),
  /** Keep conversations and chat input history (default: on, off when `CI` is set). */
  history: z.boolean().optional(),
  /** Days a conversation is kept after its last change (default 30). */
  history_retention_days: durationSchema({ unit: "days", min: 1, whole: true, kind: "calendar" })
    .optional(),
  /** Audit records older than this many days are pruned (default 180). */
  audit_max_age_days: durationSchema({ unit: "days", min: 1, whole: true, kind: "calendar" })
    .optional(),
  /** The audit log is kept under this many bytes, oldest records out first (default 5 MiB). */
  audit_max_bytes: z.number().int().positive().optional(),
  /** This many authentication failures... (default 3) */
  audit_auth_failures: z.number().int().positive().optional(),
  /** ...within this many minutes raise an audit alert (default 10). */
  audit_auth_window_minutes: durationSchema({
    unit: "minutes",
    min: 1,
    whole: true,
    kind: "calendar",
  }).optional(),
  /** Hours an audit alert stays open after what raised it (default 24). */
  audit_alert_hours: durationSchema({ unit: "hours", min: 1, whole: true, kind: "calendar" })
    .optional(),
  /** Store keys encrypted under a passphrase by default (`omn keys set --encrypt`). */
  encrypt_keys: z.boolean().optional(),
  /** PBKDF2-SHA256 iterations of newly encrypted keys (default 600 000). */
  kdf_iterations: z.number().int().min(MIN_KDF_ITERATIONS).max(MAX_KDF_ITERATIONS).optional(),
  /** Fingerprints of findings `omn scan` reports as allowed (`omn scan --allow FP`). */
  scan_allow: z.array(
    z.string().regex(/^fp:[0-9a-f]{12}$/, {
      error: 'expected a fingerprint "fp:" + 12 hex digits',
    }),
  ).optional(),
});

/** An endpoint of a secret manager: an http(s) URL without credentials; `{vault}` may stand in the host. */
const managerEndpointSchema = z.string().refine((value) => {
  const text = value.replaceAll("{vault}", "vault");
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" &&
    url.password === "" && url.search === "" && url.hash === "";
}, { error: "expected an https:// URL without user name, password, query or fragment" });

/** Schema of the `secrets` object: where the secret managers of `*://` references are reached. */
export const SecretsSchema = z.strictObject({
  azure_kv: z.strictObject({
    /** The vault URL instead of `https://{vault}.vault.azure.net`. */
    endpoint: managerEndpointSchema.optional(),
    /** The Microsoft Entra authority instead of `https://login.microsoftonline.com`. */
    authority_host: managerEndpointSchema.optional(),
  }).optional(),
  gcp_sm: z.strictObject({
    /** The endpoint instead of `https://secretmanager.googleapis.com`. */
    endpoint: managerEndpointSchema.optional(),
  }).optional(),
});

const defaultProviderSchema = z.string().regex(PROVIDER_ID_PATTERN, {
  error: 'expected a provider id (lowercase letters, digits, "_" and "-")',
});

const providersSchema = z.record(
  z.string().regex(PROVIDER_ID_PATTERN, {
    error: 'expected a provider id (lowercase letters, digits, "_" and "-")',
  }),
  ProviderConfigSchema,
);

/**
 * Schema of one entry under `profiles`: a named set of provider settings and
 * keys, self-contained (nothing is inherited from the top level, which is the
 * `default` profile).
 */
export const ProfileSchema = z.strictObject({
  default_provider: defaultProviderSchema.optional(),
  providers: providersSchema.optional(),
  /** Daily and monthly spending caps of this profile (`src/budget/`). */
  budgets: BudgetsSchema.optional(),
});

/** Schema of the whole `config.json`, version 1. */
export const ConfigSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION),
  default_provider: defaultProviderSchema.optional(),
  settings: SettingsSchema.optional(),
  secrets: SecretsSchema.optional(),
  providers: providersSchema.optional(),
  /** Directories whose `./.env` omn reads (`omn trust`), absolute paths; shared by every profile. */
  trusted_directories: z.array(
    z.string().refine((path) => path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path), {
      error: "expected an absolute directory path (add one with omn trust DIR)",
    }),
  ).optional(),
  /** Daily and monthly spending caps of the `default` profile (`src/budget/`). */
  budgets: BudgetsSchema.optional(),
  /** Model aliases (`omn models alias NAME PROVIDER/MODEL`), shared by every profile. */
  model_aliases: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
      error: 'expected an alias name (1 to 64 letters, digits, ".", "_" and "-")',
    }),
    z.string().regex(/^[a-z0-9][a-z0-9_-]*\/\S+$/, { error: "expected PROVIDER/MODEL" }),
  ).optional(),
  /** Prompt templates (`omn templates add NAME`), shared by every profile. */
  templates: TemplatesSchema.optional(),
  /** Prices of models the catalogue lacks (or prices it has wrong), for spending caps. */
  models: z.record(
    z.string().min(1),
    z.strictObject({
      input_usd_per_mtok: z.number().nonnegative(),
      output_usd_per_mtok: z.number().nonnegative(),
    }),
  ).optional(),
  /** Profiles other than `default` (whose providers are the top-level ones). */
  profiles: z.record(
    z.string().regex(PROFILE_NAME_PATTERN, {
      error: 'expected a profile name (1 to 32 lowercase letters, digits, "_" and "-")',
    }).refine((name) => name !== DEFAULT_PROFILE, {
      error:
        `the "${DEFAULT_PROFILE}" profile is the top level: its providers go under "providers"`,
    }),
    ProfileSchema,
  ).optional(),
});

/** A validated config. */
export type Config = z.infer<typeof ConfigSchema>;
/** One provider's entry in a config. */
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
/** The `settings` object of a config. */
export type Settings = z.infer<typeof SettingsSchema>;
/** One entry under `profiles`. */
export type Profile = z.infer<typeof ProfileSchema>;

/** Options of {@linkcode setConfigValue}. */
export interface SetConfigValueOptions {
  /**
   * Allow setting a field of {@linkcode SECRET_FIELDS}. The CLI never sets
   * this for values that came from argv; key stores that read a hidden prompt do.
   */
  allowSecrets?: boolean;
}

const SETTINGS_FIELDS = Object.keys(SettingsSchema.shape);
const PROVIDER_FIELDS = Object.keys(ProviderConfigSchema.shape);
const TOP_LEVEL_FIELDS = Object.keys(ConfigSchema.shape);
const SECRETS_KEYS = [
  "secrets.azure_kv.endpoint",
  "secrets.azure_kv.authority_host",
  "secrets.gcp_sm.endpoint",
];

/** Every leaf key that {@linkcode setConfigValue} accepts, `<id>` standing for a provider id. */
export const CONFIG_KEYS: readonly string[] = [
  "default_provider",
  ...SETTINGS_FIELDS.map((field) => `settings.${field}`),
  ...SECRETS_KEYS,
  ...PROVIDER_FIELDS.map((field) => `providers.<id>.${field}`),
];

/** A dotted key resolved against the schema. */
interface ResolvedKey {
  /** The key's segments. */
  path: string[];
  /** The schema of the value at the key. */
  schema: z.ZodType;
  /** Whether the key names a single value (not an object). */
  leaf: boolean;
}

/**
 * Resolves a dotted key against the schema.
 *
 * @throws {UsageError} when the key is not part of the schema.
 */
function resolveKey(dottedKey: string): ResolvedKey {
  const path = dottedKey.split(".");
  if (path.some((segment) => segment === "")) {
    throw new UsageError(
      `Invalid config key ${quoteKey(dottedKey)}: expected names separated by "."`,
    );
  }
  const [head, second, third, ...rest] = path;
  const unknown = (candidates: readonly string[]) => unknownKeyError(dottedKey, candidates);
  if (head === "version" || head === "default_provider") {
    if (path.length > 1) throw unknown(CONFIG_KEYS);
    return { path, schema: ConfigSchema.shape[head], leaf: true };
  }
  if (head === "settings") {
    if (second === undefined) return { path, schema: SettingsSchema, leaf: false };
    if (third !== undefined || !SETTINGS_FIELDS.includes(second)) throw unknown(CONFIG_KEYS);
    const schema = SettingsSchema.shape[second as keyof typeof SettingsSchema.shape];
    return { path, schema, leaf: true };
  }
  if (head === "secrets") {
    if (second === undefined) return { path, schema: SecretsSchema, leaf: false };
    if (!Object.hasOwn(SecretsSchema.shape, second)) throw unknown(SECRETS_KEYS);
    const group = (SecretsSchema.shape as Record<string, z.ZodType>)[second];
    const groupShape = (unwrapOptional(group) as z.ZodObject).shape as Record<string, z.ZodType>;
    if (third === undefined) return { path, schema: group, leaf: false };
    if (rest.length > 0 || !Object.hasOwn(groupShape, third)) throw unknown(SECRETS_KEYS);
    return { path, schema: groupShape[third], leaf: true };
  }
  if (head === "providers") {
    if (second === undefined) return { path, schema: ConfigSchema.shape.providers, leaf: false };
    if (!PROVIDER_ID_PATTERN.test(second)) {
      throw new UsageError(
        `Invalid provider id ${quoteName(second)} in config key ${quoteKey(dottedKey)}: ` +
          'expected lowercase letters, digits, "_" and "-"',
      );
    }
    if (third === undefined) return { path, schema: ProviderConfigSchema, leaf: false };
    if (rest.length > 0 || !PROVIDER_FIELDS.includes(third)) {
      throw unknown(PROVIDER_FIELDS.map((field) => `providers.${second}.${field}`));
    }
    const schema = ProviderConfigSchema.shape[third as keyof typeof ProviderConfigSchema.shape];
    return { path, schema, leaf: true };
  }
  if (head === "profiles") {
    throw new UsageError(
      `Cannot use config key "${dottedKey}": select a profile with --profile NAME and use ` +
        `its keys (providers.<id>.…, default_provider); add and remove profiles with omn profiles`,
    );
  }
  throw unknown([...TOP_LEVEL_FIELDS, ...CONFIG_KEYS]);
}

function unknownKeyError(dottedKey: string, candidates: readonly string[]): UsageError {
  const suggestion = closestName(dottedKey, candidates);
  const hint = suggestion === undefined ? "" : `: did you mean "${suggestion}"?`;
  return new UsageError(`Unknown config key ${quoteKey(dottedKey)}${hint}`);
}

/**
 * A dotted config key for a message: quoted when each of its names plainly
 * is one, else only its length (it may be a pasted secret).
 */
function quoteKey(dottedKey: string): string {
  return dottedKey.split(".").every(looksLikeName)
    ? `"${dottedKey}"`
    : `a key of ${dottedKey.length} characters`;
}

/**
 * The candidate closest to `name` by edit distance, if it is close enough
 * to be a likely typo.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = previous[column - 1] + (left[row - 1] === right[column - 1] ? 0 : 1);
      current[column] = Math.min(previous[column] + 1, current[column - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[right.length];
}

/**
 * The value at a dotted key, or `undefined` when it is not set. Objects are
 * returned as copies. Secrets are returned as they are: mask them before
 * showing them.
 *
 * @example
 * ```ts
 * import { getConfigValue } from "./schema.ts";
 * getConfigValue({ version: 1, settings: { color: false } }, "settings.color"); // false
 * ```
 *
 * @throws {UsageError} when the key is not part of the schema.
 */
export function getConfigValue(config: Config, dottedKey: string): unknown {
  const { path } = resolveKey(dottedKey);
  let value: unknown = config;
  for (const segment of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return typeof value === "object" && value !== null ? structuredClone(value) : value;
}

/**
 * A copy of `config` with the value at a dotted key set. A string value is
 * coerced to the type the schema expects there (`"true"` and `"false"` for
 * booleans, digits for numbers); the whole result is then validated.
 * Setting a field of a provider that is not configured yet adds the provider.
 *
 * @example
 * ```ts
 * import { setConfigValue } from "./schema.ts";
 * setConfigValue({ version: 1 }, "settings.timeout_ms", "30000");
 * // { version: 1, settings: { timeout_ms: 30000 } }
 * ```
 *
 * @throws {UsageError} when the key is unknown, names an object or `version`,
 * or the value is invalid.
 * @throws {RefusalError} when the key is a secret field and `allowSecrets` is not set.
 */
export function setConfigValue(
  config: Config,
  dottedKey: string,
  rawValue: string | number | boolean,
  options: SetConfigValueOptions = {},
): Config {
  const { path, schema, leaf } = resolveKey(dottedKey);
  if (!leaf) {
    throw new UsageError(
      `Cannot set config key "${dottedKey}": it holds several values; set one of its keys, ` +
        `such as "${exampleLeafOf(path)}"`,
    );
  }
  if (path[0] === "version") {
    throw new UsageError(`Cannot set config key "version": omn manages it`);
  }
  const field = path[path.length - 1];
  if (path[0] === "providers" && isSecretField(field) && !options.allowSecrets) {
    throw new RefusalError(
      `Refusing to set the secret "${dottedKey}" from a command-line value: ` +
        `arguments are visible in shell history and process lists; ` +
        `use "omn keys set ${path[1]}" to enter it at a hidden prompt`,
    );
  }
  const value = coerceValue(rawValue, schema, dottedKey);
  const next = structuredClone(config) as Record<string, unknown>;
  let parent = next;
  for (const segment of path.slice(0, -1)) {
    const child = parent[segment];
    if (typeof child !== "object" || child === null) parent[segment] = {};
    parent = parent[segment] as Record<string, unknown>;
  }
  parent[field] = value;
  return validateAfterChange(next, dottedKey);
}

function exampleLeafOf(path: string[]): string {
  if (path[0] === "settings") return "settings.color";
  if (path[0] === "secrets") return "secrets.gcp_sm.endpoint";
  if (path.length >= 2) return `providers.${path[1]}.default_model`;
  return "providers.<id>.default_model";
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrapOptional(schema.unwrap() as z.ZodType) : schema;
}

function coerceValue(rawValue: string | number | boolean, schema: z.ZodType, key: string): unknown {
  if (typeof rawValue !== "string") return rawValue;
  const inner = unwrapOptional(schema);
  if (inner instanceof z.ZodBoolean) {
    if (rawValue === "true") return true;
    if (rawValue === "false") return false;
    throw new UsageError(
      `Invalid value for "${key}": ${quoteValue(rawValue)}: expected true or false`,
    );
  }
  if (inner instanceof z.ZodNumber) {
    if (!/^-?\d+(\.\d+)?$/.test(rawValue.trim())) {
      throw new UsageError(
        `Invalid value for "${key}": ${quoteValue(rawValue)}: expected a number`,
      );
    }
    return Number(rawValue.trim());
  }
  return rawValue;
}

/** Quotes a value for a message; values that are not plainly a word (perhaps a pasted secret) are not repeated. */
function quoteValue(value: string): string {
  return quoteName(value, "value");
}

function validateAfterChange(candidate: unknown, key: string): Config {
  const result = ConfigSchema.safeParse(candidate);
  if (result.success) return result.data;
  throw new UsageError(`Invalid value for "${key}": ${describeIssues(result.error.issues)}`);
}

/**
 * Describes zod issues as `field.path: problem`, joined by `; `. Unknown keys
 * are named with their full path (`settings.colour: unknown key`); names that
 * are too long to be a typo of a key (a pasted secret, say) are not repeated.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const fieldPath = formatFieldPath([...issue.path, key]);
        const candidates = knownKeysAt(issue.path);
        const suggestion = closestName(key, candidates);
        const hint = suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
        parts.push(`${fieldPath}: unknown key${hint}`);
      }
    } else if (issue.code === "invalid_key") {
      const problem = issue.issues[0]?.message ?? issue.message;
      parts.push(`${formatFieldPath(issue.path)}: invalid key: ${problem}`);
    } else {
      parts.push(`${formatFieldPath(issue.path)}: ${issue.message}`);
    }
  }
  return parts.join("; ");
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return TOP_LEVEL_FIELDS;
  if (path.length === 1 && path[0] === "settings") return SETTINGS_FIELDS;
  if (path.length === 2 && path[0] === "providers") return PROVIDER_FIELDS;
  if (path.length === 2 && path[0] === "profiles") return Object.keys(ProfileSchema.shape);
  if (path.length === 4 && path[0] === "profiles" && path[2] === "providers") {
    return PROVIDER_FIELDS;
  }
  if (path.length === 1 && path[0] === "secrets") return Object.keys(SecretsSchema.shape);
  if (path.length === 2 && path[0] === "secrets") {
    return SECRETS_KEYS.filter((key) => key.startsWith(`secrets.${String(path[1])}.`))
      .map((key) => key.split(".")[2]);
  }
  return [];
}

/** A field path for a message; a name that is not plainly one (perhaps a pasted secret) is not repeated. */
function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((segment) => {
    const text = String(segment);
    return typeof segment === "number" || looksLikeName(text)
      ? text
      : `<name of ${text.length} characters>`;
  }).join(".");
}

/**
 * A copy of `config` without the value at a dotted key (a value, a provider,
 * or all of `settings`). Objects left empty are removed. Removing a secret is
 * always allowed.
 *
 * @example
 * ```ts
 * import { unsetConfigValue } from "./schema.ts";
 * unsetConfigValue({ version: 1, settings: { color: true } }, "settings.color"); // { version: 1 }
 * ```
 *
 * @throws {UsageError} when the key is unknown or is `version`.
 */
export function unsetConfigValue(config: Config, dottedKey: string): Config {
  const { path } = resolveKey(dottedKey);
  if (path[0] === "version") {
    throw new UsageError(`Cannot unset config key "version": omn manages it`);
  }
  const next = structuredClone(config) as Record<string, unknown>;
  const parents: Record<string, unknown>[] = [next];
  for (const segment of path.slice(0, -1)) {
    const child = parents[parents.length - 1][segment];
    if (typeof child !== "object" || child === null) return next as Config;
    parents.push(child as Record<string, unknown>);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  for (let depth = parents.length - 1; depth > 0; depth--) {
    if (Object.keys(parents[depth]).length > 0) break;
    delete parents[depth - 1][path[depth - 1]];
  }
  return next as Config;
}
