/**
 * `omn keys revoke PROVIDER`: the local half of the response to a
 * compromised key (SECURITY.md, "A compromised key").
 *
 * 1. Finds the key in effect for the provider (the environment, a `.env`
 *    file, the config: plain, encrypted or a secret reference).
 * 2. Removes it from the config file (every profile) and from every backup,
 *    in every form: the value, the envelope that encrypts it (each
 *    encrypted copy in the backups is opened to compare, when the
 *    passphrase is at hand), the reference that named it.
 * 3. Searches omn's own files (conversations, chat input history, logs,
 *    audit log, ledger, journals, reports, the config directory's `.env`)
 *    for it, raw and encoded, and reports each file and count.
 * 4. Records a `key.revoked` incident in the audit log: fingerprints,
 *    where it came from, what was purged, what was found; never the key.
 * 5. Prints the provider's key-management page, where the key must be
 *    revoked, and how to store the replacement.
 *
 * A key from the environment cannot be removed by omn: that is said, and
 * the rest is still done.
 *
 * @module
 */
import { readPrivateFile } from "../config/open_private_file.ts";
import { join } from "node:path";
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { openConfigStore, readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import {
  type Config,
  type ProviderConfig,
  SECRET_FIELDS,
  type SecretField,
} from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { parseConfig } from "../config/parse_config.ts";
import { isEncryptedValue } from "../config/envelope.ts";
import { acceptedIterations, DecryptionError, Keyring } from "../keystore/keyring.ts";
import { PASSPHRASE_ENV, readPassphrase } from "../keystore/passphrase.ts";
import {
  envelopeBinding,
  replaceStoredSecrets,
  storedSecrets,
} from "../keystore/stored_secrets.ts";
import type { EnvelopeBinding } from "../config/envelope.ts";
import { isSecretRef } from "../config/parse_secret_ref.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret } from "../security/redact.ts";
import { findKeyTraces, type KeyTrace } from "../credentials/find_key_traces.ts";
import { keyManagementPage } from "../credentials/key_management_pages.ts";
import {
  loadCredentialSources,
  loadStoredSources,
} from "../credentials/load_credential_sources.ts";
import { canonicalProviderId, providerCredentials } from "../permissions/provider_credentials.ts";
import {
  type CredentialSources,
  resolveCredentials,
  type ResolvedField,
} from "../credentials/resolve_credentials.ts";

/** What `omn keys revoke` is asked. */
export interface RevokeRequest {
  provider: string;
  json: boolean;
}

/** One secret field of the key revoked. */
interface RevokedField {
  field: string;
  /** The value, when it could be had (not for a reference that cannot be resolved). */
  value?: string;
  /** Where it came from, as `keys list` says it. */
  source: string;
  /** The variable, config key or reference that held it. */
  variable?: string;
  /** Whether omn can remove it (it is in the config file). */
  stored: boolean;
}

/** The report of one revocation (`--json`). */
export interface RevokeReport {
  provider: string;
  /** The key's secret fields: masked value, fingerprint, where it came from. */
  key: { field: string; masked: string | null; fingerprint: string | null; source: string }[];
  /** Where it was removed from: `config.json` and backup file names. */
  removed_from: string[];
  /** Where it could not be removed from by omn (environment variables, `./.env`). */
  not_removed: string[];
  /** Encrypted copies in backups that could not be opened to compare (no passphrase, another one). */
  unchecked_encrypted: number;
  /** omn's own files that still hold it. */
  traces: KeyTrace[];
  /** Files too large to search. */
  not_searched: string[];
  /** Where to revoke it at the provider. */
  revoke_at: string | null;
  /** How to store the replacement. */
  replace_with: string;
}

/** Runs `omn keys revoke`. */
export async function revokeKey(request: RevokeRequest, context: CliContext): Promise<void> {
  const { store, config } = await readConfig(context);
  const provider = canonicalProviderId(request.provider);
  const spec = providerCredentials(provider);
  const secretFields = spec.fields.filter((field) => field.secret);
  if (secretFields.length === 0) throw new UsageError(`Provider "${provider}" has no key`);

  const fields = await revokedFields(provider, context, store, config);
  const entry = config.providers?.[provider];
  if (fields.length === 0) {
    throw new RefusalError(
      `No ${provider} key to revoke: none is set in the environment, a .env file or the config`,
    );
  }
  const values = new Set(fields.flatMap((field) => field.value === undefined ? [] : [field.value]));
  const { texts, removedFrom, unchecked } = await removeStoredCopies(
    { provider, fields, values, entry },
    context,
    store,
  );
  const notRemoved = notRemovedPlaces(fields, store);
  const found = await findKeyTraces(store.paths, [...values]);
  const page = keyManagementPage(provider) ?? null;
  const report: RevokeReport = {
    provider,
    key: fields.map((field) => ({
      field: field.field,
      masked: field.value === undefined ? null : maskSecret(field.value),
      fingerprint: field.value === undefined ? null : fingerprint(field.value),
      source: field.variable ? `${field.source} (${field.variable})` : field.source,
    })),
    removed_from: removedFrom,
    not_removed: [...new Set(notRemoved)],
    unchecked_encrypted: unchecked,
    traces: found.traces,
    not_searched: found.skipped,
    revoke_at: page,
    replace_with: replacement(provider, fields, config),
  };
  await auditChange(context, {
    command: "keys revoke",
    event: "key.revoked",
    provider,
    fingerprint: report.key.find((key) => key.fingerprint !== null)?.fingerprint ?? undefined,
    previous: report.key.flatMap((key) => key.fingerprint === null ? [] : [key.fingerprint]),
    source: report.key.map((key) => key.source).join(", "),
    purged: removedFrom,
    traces: found.traces,
  });
  await context.io.write(
    request.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report, spec.displayName),
  );
  warnLeftBehind(context, report, entry, texts);
}

/**
 * Removes every stored copy of the key from the config and its backups: its
 * values, the envelopes and references that hold them, and encrypted copies
 * that decrypt to them.
 */
async function removeStoredCopies(
  key: {
    provider: string;
    fields: readonly RevokedField[];
    values: ReadonlySet<string>;
    entry: ProviderConfig | undefined;
  },
  context: CliContext,
  store: ConfigStore,
): Promise<{ texts: Set<string>; removedFrom: string[]; unchecked: number }> {
  const { provider, fields, values, entry } = key;
  // The texts stored for the key in effect: its value, envelope or reference.
  const texts = new Set(values);
  for (const field of fields.filter((field) => field.stored)) {
    const configKey = configKeyOf(provider, field.field);
    const text = configKey === undefined ? undefined : entry?.[configKey as SecretField];
    if (typeof text === "string") texts.add(text);
  }

  const whole = (await store.read()).config;
  const keyring = await keyringAtHand(context, fields, whole);
  const check = await encryptedCopies(store, whole, values, keyring);
  for (const text of check.matching) texts.add(text);

  const removedFrom: string[] = [];
  const configStore = openConfigStore(context);
  if (JSON.stringify(withoutTexts(whole, texts)) !== JSON.stringify(whole)) {
    await configStore.update((current) => withoutTexts(current, texts), {
      reason: `revoke ${provider} key`,
    });
    removedFrom.push("config.json");
  }
  removedFrom.push(...await purgeBackups(configStore, texts));
  return { texts, removedFrom, unchecked: check.unchecked };
}

/** Where the fields omn cannot remove (outside the config) come from. */
function notRemovedPlaces(fields: readonly RevokedField[], store: ConfigStore): string[] {
  return fields.filter((field) => !field.stored).map((field) =>
    field.source === "env"
      ? `${field.variable} in the environment`
      : field.source === ".env"
      ? `${field.variable} in ./.env`
      : field.source === "config-dir .env"
      ? `${field.variable} in ${store.paths.dotenv}`
      : `${field.variable} (${field.source})`
  );
}

/** Warns of each place omn could not clean, and of another stored key that was shadowed and left. */
function warnLeftBehind(
  context: CliContext,
  report: RevokeReport,
  entry: ProviderConfig | undefined,
  texts: ReadonlySet<string>,
): void {
  const { provider } = report;
  for (const place of report.not_removed) {
    context.io.message(
      "warn",
      `The ${provider} key comes from ${place}: omn cannot remove it; delete it there once the replacement is ready`,
    );
  }
  const kept = SECRET_FIELDS.some((key) => {
    const text = entry?.[key];
    return typeof text === "string" && !texts.has(text);
  });
  if (kept && report.not_removed.length > 0) {
    context.io.message(
      "warn",
      `The config also stores another ${provider} key, which ${
        report.not_removed[0]
      } shadows; it was left: omn keys remove ${provider} if it is compromised too`,
    );
  }
}

/** The secret fields of the key in effect, with their values when they can be had. */
async function revokedFields(
  provider: string,
  context: CliContext,
  store: ConfigStore,
  config: Config,
): Promise<RevokedField[]> {
  const spec = providerCredentials(provider);
  const secretFields = spec.fields.filter((field) => field.secret);
  let sources: CredentialSources;
  try {
    sources = (await loadCredentialSources(context, store.paths, config, {
      providers: [provider],
    }))(provider);
  } catch (error) {
    const entry = config.providers?.[provider];
    const hasReference = SECRET_FIELDS.some((key) => {
      const text = entry?.[key];
      return typeof text === "string" && isSecretRef(text);
    });
    // A wrong passphrase or a damaged envelope stops here, with nothing changed.
    if (!(error instanceof RefusalError) || error instanceof DecryptionError || !hasReference) {
      if (error instanceof DecryptionError) {
        throw new DecryptionError(
          `${error.message}; nothing was changed (without the passphrase, omn keys remove ${provider} removes the encrypted key)`,
        );
      }
      throw error;
    }
    // A reference that cannot be resolved is removed all the same; its value stays unknown.
    context.io.message("warn", `${error.message}: its value cannot be searched for`);
    const stored = (await loadStoredSources(context, store.paths, config))(provider);
    const outside = resolveCredentials(provider, { ...stored, config: undefined }).fields;
    return secretFields.flatMap((field): RevokedField[] => {
      const found = outside[field.field];
      if (found !== undefined) return [fromResolved(field.field, found)];
      const text = field.configKey === undefined
        ? undefined
        : entry?.[field.configKey as SecretField];
      return typeof text === "string" && isSecretRef(text)
        ? [{ field: field.field, source: "secret reference", variable: text, stored: true }]
        : [];
    });
  }
  const resolved = resolveCredentials(provider, sources).fields;
  return secretFields.flatMap((field) => {
    const found = resolved[field.field];
    return found === undefined ? [] : [fromResolved(field.field, found)];
  });
}

/** How to put the new key where the old one was. */
function replacement(provider: string, fields: readonly RevokedField[], config: Config): string {
  const outside = fields.find((field) => !field.stored);
  if (outside !== undefined) {
    return `set ${outside.variable} to the new key where it is set (or omn keys set ${provider})`;
  }
  return `omn keys set ${provider}${config.settings?.encrypt_keys === true ? "" : " --encrypt"}`;
}

function configKeyOf(provider: string, field: string): string | undefined {
  return providerCredentials(provider).fields.find((spec) => spec.field === field)?.configKey;
}

function fromResolved(field: string, found: ResolvedField): RevokedField {
  const fromEnvironment = found.source === "env" || found.source === ".env" ||
    found.source === "config-dir .env";
  return {
    field,
    value: found.value,
    source: found.source,
    // For stored keys, `variable` is the config key that holds it (or the reference).
    variable: found.variable,
    stored: !fromEnvironment,
  };
}

/**
 * The keyring to compare encrypted copies with: the passphrase already read
 * this run, or the variable's; never a new prompt when the key in effect
 * was not encrypted.
 */
async function keyringAtHand(
  context: CliContext,
  fields: readonly RevokedField[],
  config: Config,
): Promise<Keyring | undefined> {
  const encrypted = fields.some((field) => field.source === "config (encrypted)");
  if (!encrypted && !context.env(PASSPHRASE_ENV)) return undefined;
  try {
    return new Keyring(await readPassphrase(context, { reason: "", prompt: false }), {
      iterations: acceptedIterations(config.settings?.kdf_iterations),
    });
  } catch {
    return undefined;
  }
}

/**
 * The envelopes of the config and its backups that hold one of `values`
 * (opened with `keyring`), and how many could not be opened.
 */
async function encryptedCopies(
  store: ConfigStore,
  config: Config,
  values: ReadonlySet<string>,
  keyring: Keyring | undefined,
): Promise<{ matching: Set<string>; unchecked: number }> {
  const configs = [config];
  for (const backup of await store.listBackups()) {
    try {
      configs.push(parseConfig(await Deno.readTextFile(backup.path), backup.path));
    } catch {
      // unreadable backups are handled by the purge
    }
  }
  const envelopes = new Map<string, EnvelopeBinding>();
  for (const secret of configs.flatMap(storedSecrets)) {
    if (isEncryptedValue(secret.text)) envelopes.set(secret.text, envelopeBinding(secret));
  }
  const matching = new Set<string>();
  let unchecked = 0;
  await Promise.all([...envelopes].map(async ([text, label]) => {
    if (keyring === undefined || values.size === 0) {
      unchecked++;
      return;
    }
    try {
      if (values.has(await keyring.open(text, label))) matching.add(text);
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      unchecked++;
    }
  }));
  return { matching, unchecked };
}

/** `config` without every secret field holding one of `texts`, in every profile. */
function withoutTexts(config: Config, texts: ReadonlySet<string>): Config {
  return replaceStoredSecrets(config, ({ text }) => texts.has(text) ? undefined : text);
}

/**
 * Removes `texts` from every backup; a backup that cannot be parsed is
 * deleted when it holds one of them (raw or JSON-escaped).
 *
 * @returns the names (`backups/…`) of the backups changed or deleted.
 */
async function purgeBackups(store: ConfigStore, texts: ReadonlySet<string>): Promise<string[]> {
  if (texts.size === 0) return [];
  const result = await store.purgeFromBackups((config) => withoutTexts(config, texts));
  const names = [...result.rewritten, ...result.removed];
  for (const name of result.unreadable) {
    const path = join(store.paths.backups, name);
    const read = await readPrivateFile(path, { label: "backup" });
    if (read === undefined) continue;
    const text = new TextDecoder().decode(read.bytes);
    const holds = [...texts].some((value) =>
      text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))
    );
    if (holds) {
      await Deno.remove(path);
      names.push(name);
    }
  }
  return names.sort().map((name) => `backups/${name}`);
}

function formatReport(report: RevokeReport, displayName: string): string {
  const lines: string[] = [];
  const keys = report.key.map((key) =>
    key.fingerprint === null
      ? `${key.field} from ${key.source}`
      : `${key.field} ${key.masked} (${key.fingerprint}) from ${key.source}`
  );
  lines.push(`Revoking the ${report.provider} key: ${keys.join("; ")}`);
  lines.push(
    report.removed_from.length === 0
      ? "Removed from: nothing (it is not stored in the config or its backups)"
      : `Removed from: ${report.removed_from.join(", ")}`,
  );
  if (report.not_removed.length > 0) {
    lines.push(`Not removed (omn cannot): ${report.not_removed.join(", ")}`);
  }
  if (report.unchecked_encrypted > 0) {
    lines.push(
      `Encrypted copies not checked: ${report.unchecked_encrypted} (set ${PASSPHRASE_ENV} to compare them)`,
    );
  }
  if (report.traces.length === 0) {
    lines.push("Found in omn's own files: nowhere");
  } else {
    lines.push("Found in omn's own files (remove or edit them; the key is not shown):");
    for (const trace of report.traces) {
      lines.push(`  ${trace.file}: ${trace.count} time${trace.count === 1 ? "" : "s"}`);
    }
    lines.push(
      "  conversations: omn history rm ID (or omn history purge --yes); logs and other files: delete them",
    );
  }
  if (report.not_searched.length > 0) {
    lines.push(`Not searched (too large): ${report.not_searched.join(", ")}`);
  }
  lines.push(
    report.revoke_at === null
      ? `Revoke it now where the endpoint's keys are managed: omn only removed its copies`
      : `Revoke it now at ${displayName}: ${report.revoke_at} (omn only removed its copies)`,
  );
  lines.push(`Then store the replacement: ${report.replace_with}`);
  return lines.join("\n") + "\n";
}
