/**
 * The work of `omn keys …`: store, list, rotate and remove keys. A stored key
 * that is replaced or removed is purged from every config backup too.
 *
 * @module
 */
import { readPrivateFile } from "../config/open_private_file.ts";
import { join } from "node:path";
import { auditChange } from "../audit/audit_change.ts";
import { formatList } from "../core/format_list.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { readHiddenLine, readSecretFromStdin } from "../core/read_secret_input.ts";
import {
  type Config,
  type ProviderConfig,
  SECRET_FIELDS,
  type SecretField,
} from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { providerEntries } from "../config/profile_view.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret, registerSecret } from "../security/redact.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import { keyAgeDays, needsRotation, ROTATION_DAYS } from "../credentials/key_age.ts";
import {
  loadCredentialSources,
  loadSecretResolver,
} from "../credentials/load_credential_sources.ts";
import {
  shadowedByDotenv,
  type ShadowedSource,
  shadowNote,
} from "../credentials/dotenv_shadowing.ts";
import {
  canonicalProviderId,
  type CredentialFieldName,
  isKnownProvider,
  PROVIDER_CREDENTIALS,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { revokeKey } from "./revoke_key.ts";
import { trySourcesFor, unreadableRefusal } from "../credentials/try_sources_for.ts";
import { decryptAllKeys } from "./decrypt_all_keys.ts";
import { encryptAllKeys } from "./encrypt_all_keys.ts";
import { sealNewKey } from "../keystore/seal_new_key.ts";
import { looksLikeName, quoteName } from "../security/quote_input.ts";

/** Every `keys` verb with its parsed inputs. */
export type KeysRequest =
  | { verb: "set"; provider: string; stdin: boolean; refs?: string[]; encrypt?: boolean }
  | { verb: "rotate"; provider: string; stdin: boolean; encrypt?: boolean }
  | { verb: "remove"; provider: string }
  | { verb: "list"; json: boolean }
  | { verb: "encrypt" }
  | { verb: "decrypt" }
  | { verb: "revoke"; provider: string; json: boolean };

/** Secret fields as they are named in the config file. */
const STORED_SECRET_KEYS = SECRET_FIELDS;

type StoredSecretKey = SecretField;

/** One row of `keys list`. */
export interface KeyRow {
  provider: string;
  field: string;
  source: string;
  variable?: string;
  masked: string;
  fingerprint: string;
  age_days: number | null;
  rotate: boolean;
  format: "ok" | string;
  /** The stored credential that this one, from `./.env`, hides; null when none. */
  shadows: ShadowedSource | null;
}

function storableProvider(provider: string, config: Config): string {
  const id = canonicalProviderId(provider);
  const spec = providerCredentials(id);
  if (isKnownProvider(id) && !spec.fields.some((field) => field.secret)) {
    throw new UsageError(`Provider "${id}" needs no key`);
  }
  if (!isKnownProvider(id) && config.providers?.[id]?.base_url === undefined) {
    throw new UsageError(
      `Unknown provider ${quoteName(provider)}: choose one of ${
        Object.keys(PROVIDER_CREDENTIALS).join(", ")
      }, or configure providers.${
        looksLikeName(provider) ? id : "NAME"
      }.base_url for a custom endpoint first`,
    );
  }
  return id;
}

/** Splits what the user typed or piped into the provider's credential fields. */
function fieldsFromInput(
  provider: string,
  lines: string[],
): Partial<Record<CredentialFieldName, string>> {
  if (provider === "vertex") return { service_account: lines.join("\n") };
  if (provider === "bedrock") {
    const [first = "", second, third] = lines.map((line) => line.trim()).filter((line) =>
      line !== ""
    );
    if (/^(ABSK|bedrock-api-key-)/.test(first)) return { api_key: first };
    return { access_key_id: first, secret_access_key: second, session_token: third };
  }
  return { api_key: lines.join("\n") };
}

async function readKeyInput(
  provider: string,
  stdin: boolean,
  context: CliContext,
): Promise<Partial<Record<CredentialFieldName, string>>> {
  if (stdin) {
    const text = await readSecretFromStdin(context.io);
    return fieldsFromInput(provider, provider === "vertex" ? [text] : text.split(/\r?\n/));
  }
  if (provider === "vertex") {
    throw new UsageError(
      "A service account key is a JSON file: omn keys set vertex --stdin < key.json",
    );
  }
  if (provider === "bedrock") {
    const id = await readHiddenLine(context.io, "AWS access key id (or Bedrock API key):");
    if (/^(ABSK|bedrock-api-key-)/.test(id)) return { api_key: id };
    const secret = await readHiddenLine(context.io, "AWS secret access key:");
    const token = await readHiddenLine(context.io, "AWS session token (empty for none):");
    return { access_key_id: id, secret_access_key: secret, session_token: token || undefined };
  }
  return {
    api_key: await readHiddenLine(
      context.io,
      `${providerCredentials(provider).displayName} API key:`,
    ),
  };
}

function configKeyOf(provider: string, field: CredentialFieldName): StoredSecretKey {
  const spec = providerCredentials(provider).fields.find((candidate) => candidate.field === field);
  return (spec?.configKey ?? field) as StoredSecretKey;
}

function storedSecrets(entry: ProviderConfig | undefined): string[] {
  return STORED_SECRET_KEYS.map((key) => entry?.[key]).filter((value): value is string => !!value);
}

/** Removes every secret field whose value is one of `values`, from every provider of every profile. */
function withoutValues(config: Config, values: ReadonlySet<string>): Config {
  const next = structuredClone(config);
  for (const { entry } of providerEntries(next)) {
    let removed = false;
    for (const key of STORED_SECRET_KEYS) {
      if (entry[key] !== undefined && values.has(entry[key]!)) {
        delete entry[key];
        removed = true;
      }
    }
    if (removed && storedSecrets(entry).length === 0) delete entry.key_updated_at;
  }
  return next;
}

/**
 * Removes every secret field holding one of `values` from every profile of
 * every backup (a backup that cannot be parsed goes when it holds one).
 *
 * @returns how many backups were rewritten or removed.
 */
export async function purgeBackups(
  store: ConfigStore,
  values: ReadonlySet<string>,
): Promise<number> {
  if (values.size === 0) return 0;
  const result = await store.purgeFromBackups((config) => withoutValues(config, values));
  let removedUnreadable = 0;
  for (const name of result.unreadable) {
    // A copy of a malformed config cannot be rewritten; if it holds the key, it goes.
    const path = join(store.paths.backups, name);
    const read = await readPrivateFile(path, { label: "backup" });
    if (read === undefined) continue;
    const text = new TextDecoder().decode(read.bytes);
    if (
      [...values].some((value) =>
        text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))
      )
    ) {
      await Deno.remove(path);
      removedUnreadable++;
    }
  }
  return result.rewritten.length + result.removed.length + removedUnreadable;
}

function shadowingVariable(provider: string, context: CliContext): string | undefined {
  return providerCredentials(provider).fields
    .filter((field) => field.secret)
    .flatMap((field) => field.envNames)
    .find((name) => (context.env(name) ?? "") !== "");
}

async function storeKey(
  request: { provider: string; stdin: boolean; rotate: boolean; encrypt?: boolean },
  context: CliContext,
): Promise<void> {
  const { store, config, profile } = await readConfig(context);
  const provider = storableProvider(request.provider, config);
  const old = new Set(storedSecrets(config.providers?.[provider]));
  if (request.rotate && old.size === 0) {
    throw new RefusalError(
      `No stored key for ${provider} in profile "${profile}" to rotate: store one with omn keys set ${provider}`,
    );
  }
  const fields = await readKeyInput(provider, request.stdin, context);
  for (const value of Object.values(fields)) if (value) registerSecret(value, provider);
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value));
  if (Object.keys(present).length === 0) {
    throw new RefusalError(`No key given for ${provider}: nothing was stored`);
  }
  const check = checkCredentialSet(provider, present);
  if (!check.ok) {
    throw new RefusalError(`Key refused for ${provider} (${check.field}): ${check.rule}`);
  }
  const sealed = await sealNewKey(
    context,
    (await store.read()).config,
    provider,
    Object.fromEntries(
      Object.entries(present).map((
        [field, value],
      ) => [configKeyOf(provider, field as CredentialFieldName), value]),
    ),
    { encrypt: request.encrypt, profile },
  );
  const now = context.now().toISOString();
  await store.update((current) => {
    const next = structuredClone(current);
    next.providers ??= {};
    const entry: ProviderConfig = { ...next.providers[provider] };
    for (const key of STORED_SECRET_KEYS) delete entry[key];
    for (const [key, text] of Object.entries(sealed.texts)) entry[key as StoredSecretKey] = text;
    entry.key_updated_at = now;
    next.providers[provider] = entry;
    return next;
  }, { reason: `${request.rotate ? "rotate" : "set"} ${provider} key` });
  for (const value of Object.values(present)) old.delete(value);
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: `keys ${request.rotate ? "rotate" : "set"}`,
    event: request.rotate ? "key.rotated" : "key.set",
    provider,
    fingerprint: fingerprint(Object.values(present)[0]),
    previous: [...old].map(fingerprint),
    ...(sealed.encrypted ? { source: "config (encrypted)" } : {}),
  });
  const shown = Object.values(present).map((value) =>
    `${maskSecret(value)} (${fingerprint(value)})`
  ).join(", ");
  context.io.message(
    "info",
    `Stored the ${provider} key ${shown} in profile "${profile}" of ${store.paths.file}${
      sealed.encrypted ? ", encrypted" : ""
    }`,
  );
  afterStore(context, provider, old.size > 0 ? purged : undefined, "key");
}

/** The credential fields that `--ref` references fill, in order, given what they resolve to. */
function referenceFields(provider: string, values: readonly string[]): CredentialFieldName[] {
  if (provider === "bedrock") {
    if (values.length === 1 && /^(ABSK|bedrock-api-key-)/.test(values[0])) return ["api_key"];
    if (values.length === 2 || values.length === 3) {
      return ["access_key_id", "secret_access_key", "session_token"].slice(
        0,
        values.length,
      ) as CredentialFieldName[];
    }
    throw new UsageError(
      "bedrock takes one --ref to a Bedrock API key, or --ref for the access key id, the secret access key and optionally the session token, in that order",
    );
  }
  if (values.length !== 1) throw new UsageError(`${provider} takes one --ref`);
  return [provider === "vertex" ? "service_account" : "api_key"];
}

/**
 * `omn keys set PROVIDER --ref REF…`: resolves each reference once, checks
 * what it holds by the provider's key format, and stores the references,
 * never the values.
 */
async function storeReferences(
  request: { provider: string; refs: readonly string[]; stdin: boolean },
  context: CliContext,
): Promise<void> {
  if (request.stdin) {
    throw new UsageError("Choose --ref or --stdin: a reference is stored instead of a key");
  }
  const { store, config, profile } = await readConfig(context);
  const provider = storableProvider(request.provider, config);
  const resolve = await loadSecretResolver(context, store.paths, config);
  const resolved = await Promise.all(request.refs.map((ref) => resolve(ref)));
  const fields = referenceFields(provider, resolved.map(({ value }) => value));
  const values = Object.fromEntries(fields.map((field, index) => [field, resolved[index].value]));
  const check = checkCredentialSet(provider, values);
  if (!check.ok) {
    const index = fields.indexOf(check.field as CredentialFieldName);
    const ref = resolved[Math.max(index, 0)].ref.text;
    throw new RefusalError(
      `Refusing the secret reference "${ref}" for ${provider} (${check.field}): what it holds is not a valid key: ${check.rule}`,
    );
  }
  const old = new Set(storedSecrets(config.providers?.[provider]));
  const now = context.now().toISOString();
  await store.update((current) => {
    const next = structuredClone(current);
    next.providers ??= {};
    const entry: ProviderConfig = { ...next.providers[provider] };
    for (const key of STORED_SECRET_KEYS) delete entry[key];
    fields.forEach((field, index) => {
      entry[configKeyOf(provider, field)] = resolved[index].ref.text;
    });
    entry.key_updated_at = now;
    next.providers[provider] = entry;
    return next;
  }, { reason: `set ${provider} key reference` });
  for (const { ref } of resolved) old.delete(ref.text);
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: "keys set",
    event: "key.set",
    provider,
    fingerprint: fingerprint(resolved[0].value),
    source: resolved.map(({ ref }) => ref.text).join(", "),
    previous: [...old].map(fingerprint),
  });
  const shown = resolved.map(({ ref, value }) =>
    `"${ref.text}" (${maskSecret(value)}, ${fingerprint(value)})`
  ).join(", ");
  context.io.message(
    "info",
    `Stored the ${provider} key as the reference ${shown} in profile "${profile}" of ${store.paths.file}; its value was not written`,
  );
  afterStore(context, provider, old.size > 0 ? purged : undefined, "reference");
}

/** What `set`, `rotate` and `--ref` say after storing: the purge, and an environment variable that wins. */
function afterStore(
  context: CliContext,
  provider: string,
  purged: number | undefined,
  stored: "key" | "reference",
): void {
  if (purged !== undefined) {
    context.io.message(
      "info",
      `Purged the old key from ${purged} backup${purged === 1 ? "" : "s"}`,
    );
  }
  const variable = shadowingVariable(provider, context);
  if (variable) {
    context.io.message(
      "warn",
      `${variable} is set in the environment and takes precedence over the stored ${stored}`,
    );
  }
}

async function removeKey(providerName: string, context: CliContext): Promise<void> {
  const { store, config, profile } = await readConfig(context);
  const provider = canonicalProviderId(providerName);
  const old = new Set(storedSecrets(config.providers?.[provider]));
  if (old.size === 0) {
    throw new RefusalError(
      `No stored key for ${provider} in profile "${profile}": nothing to remove`,
    );
  }
  await store.update((current) => withoutValues(current, old), {
    reason: `remove ${provider} key`,
  });
  const purged = await purgeBackups(store, old);
  await auditChange(context, {
    command: "keys remove",
    event: "key.removed",
    provider,
    previous: [...old].map(fingerprint),
  });
  context.io.message(
    "info",
    `Removed the ${provider} key from profile "${profile}" of ${store.paths.file} and ${purged} backup${
      purged === 1 ? "" : "s"
    }`,
  );
  const variable = shadowingVariable(provider, context);
  if (variable) context.io.message("warn", `${variable} is still set in the environment`);
}

/** A provider whose stored key could not be read, as `keys list` shows it. */
export interface UnreadableKey {
  provider: string;
  /** Why, in one line, with the fix. */
  error: string;
}

/**
 * The rows of `keys list`: every provider that can hold a key, configured or
 * not, and the providers whose stored key could not be read (decrypted, or
 * fetched from a secret manager).
 */
export async function listKeys(
  context: CliContext,
): Promise<{ rows: KeyRow[]; unset: string[]; unreadable: UnreadableKey[]; profile: string }> {
  const { store, config, profile } = await readConfig(context);
  const sourcesFor = await loadCredentialSources(context, store.paths, config);
  const providers = [
    ...Object.keys(PROVIDER_CREDENTIALS),
    ...Object.keys(config.providers ?? {}).filter((id) => !isKnownProvider(id)),
  ].filter((id) => providerCredentials(id).fields.some((field) => field.secret));
  const rows: KeyRow[] = [];
  const unset: string[] = [];
  const unreadable: UnreadableKey[] = [];
  const now = context.now();
  for (const provider of providers) {
    const read = trySourcesFor(sourcesFor, provider);
    if ("error" in read) {
      unreadable.push({ provider, error: read.error.message });
      continue;
    }
    const resolved = resolveCredentials(provider, read.sources);
    const secrets = providerCredentials(provider).fields.filter((field) =>
      field.secret && resolved.fields[field.field]
    );
    if (secrets.length === 0) {
      unset.push(provider);
      continue;
    }
    const present = Object.fromEntries(
      Object.entries(resolved.fields).map(([field, found]) => [field, found!.value]),
    );
    const check = checkCredentialSet(provider, present);
    const shadowed = shadowedByDotenv(provider, read.sources, resolved.fields);
    for (const spec of secrets) {
      const found = resolved.fields[spec.field]!;
      registerSecret(found.value, provider);
      const age = found.updatedAt ? keyAgeDays(found.updatedAt, now) : null;
      rows.push({
        provider,
        field: spec.field,
        source: found.source,
        variable: found.variable,
        masked: maskSecret(found.value),
        fingerprint: fingerprint(found.value),
        age_days: age,
        rotate: found.updatedAt ? needsRotation(found.updatedAt, now) : false,
        format: check.ok || check.field !== spec.field ? "ok" : check.rule,
        shadows: shadowed[spec.field] ?? null,
      });
    }
  }
  return { rows, unset, unreadable, profile };
}

function formatRows(
  rows: KeyRow[],
  unreadable: UnreadableKey[],
  terminal: boolean,
): string {
  const listed = rows.map((row) => [
    row.provider,
    row.field,
    row.variable ? `${row.source} (${row.variable})` : row.source,
    row.masked,
    row.fingerprint,
    row.age_days === null ? "-" : String(row.age_days),
    [
      row.format !== "ok"
        ? `key format wrong: ${row.format}`
        : row.rotate
        ? `rotate: older than ${ROTATION_DAYS} days`
        : "ok",
      ...(row.shadows === null ? [] : [shadowNote(row.shadows)]),
    ].join("; "),
  ]);
  for (const key of unreadable) {
    listed.push([key.provider, "-", "-", "-", "-", "-", `unreadable: ${key.error}`]);
  }
  return formatList({
    header: ["PROVIDER", "FIELD", "SOURCE", "KEY", "FINGERPRINT", "AGE (DAYS)", "STATE"],
    rows: listed,
    right: [5],
  }, { terminal });
}

/** Runs one `keys` verb. */
export async function runKeys(request: KeysRequest, context: CliContext): Promise<void> {
  switch (request.verb) {
    case "set":
      if (request.refs !== undefined && request.refs.length > 0) {
        if (request.encrypt === true) {
          throw new UsageError("Choose --ref or --encrypt: a reference is not a secret");
        }
        return await storeReferences(
          { provider: request.provider, refs: request.refs, stdin: request.stdin },
          context,
        );
      }
      return await storeKey(
        {
          provider: request.provider,
          stdin: request.stdin,
          rotate: false,
          encrypt: request.encrypt,
        },
        context,
      );
    case "rotate":
      return await storeKey(
        {
          provider: request.provider,
          stdin: request.stdin,
          rotate: true,
          encrypt: request.encrypt,
        },
        context,
      );
    case "encrypt":
      return await encryptAllKeys(context);
    case "decrypt":
      return await decryptAllKeys(context);
    case "revoke":
      return await revokeKey({ provider: request.provider, json: request.json }, context);
    case "remove":
      return await removeKey(request.provider, context);
    case "list": {
      const { rows, unset, unreadable, profile } = await listKeys(context);
      if (!request.json) context.io.message("info", `Profile: ${profile}`);
      await context.io.write(
        request.json
          ? JSON.stringify({ profile, keys: rows, not_set: unset, unreadable }, null, 2) + "\n"
          : formatRows(rows, unreadable, context.io.stdoutIsTerminal),
      );
      if (!request.json && unset.length > 0) {
        context.io.message("info", `Not set: ${unset.join(", ")}`);
      }
      for (const row of rows.filter((row) => row.rotate)) {
        context.io.message(
          "warn",
          `The ${row.provider} key is ${row.age_days} days old: rotate it with omn keys rotate ${row.provider}`,
        );
      }
      if (unreadable.length > 0) {
        // The other keys are listed; the command still fails (exit 3) with the first reason.
        throw unreadableRefusal(unreadable.map((key) => key.error));
      }
      return;
    }
  }
}
