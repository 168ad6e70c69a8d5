/**
 * `omn keys list`: every key omn would use, masked, with its source, fingerprint and age.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { formatList } from "../core/format_list.ts";
import { readConfig } from "../config/config_access.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret, registerSecret } from "../security/redact.ts";
import { checkCredentialSet } from "../credentials/key_formats.ts";
import { keyAgeDays, needsRotation, ROTATION_DAYS } from "../credentials/key_age.ts";
import { loadCredentialSources } from "../credentials/load_credential_sources.ts";
import {
  shadowedByDotenv,
  type ShadowedSource,
  shadowNote,
} from "../credentials/dotenv_shadowing.ts";
import {
  isKnownProvider,
  PROVIDER_CREDENTIALS,
  providerCredentials,
} from "../permissions/provider_credentials.ts";
import { resolveCredentials } from "../credentials/resolve_credentials.ts";
import { trySourcesFor, unreadableRefusal } from "../credentials/try_sources_for.ts";

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

/** The inputs of `omn keys list`. */
export interface KeysListOptions {
  /** `--json`: print the rows as JSON. */
  json: boolean;
}

/** Lists every key with its source, fingerprint and age; fails (exit 3) after listing when one is unreadable. */
export async function runKeysList(options: KeysListOptions, context: CliContext): Promise<void> {
  const { rows, unset, unreadable, profile } = await listKeys(context);
  if (!options.json) context.io.message("info", `Profile: ${profile}`);
  await context.io.write(
    options.json
      ? JSON.stringify({ profile, keys: rows, not_set: unset, unreadable }, null, 2) + "\n"
      : formatRows(rows, unreadable, context.io.stdoutIsTerminal),
  );
  if (!options.json && unset.length > 0) {
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
}
