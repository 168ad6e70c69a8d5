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
import { auditChange } from "../audit/audit_change.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import { RefusalError, UsageError } from "../core/errors.ts";
import { type Config, type ProviderConfig, SECRET_FIELDS } from "../config/schema.ts";
import type { ConfigStore } from "../config/store.ts";
import { fingerprint } from "../security/fingerprint.ts";
import { maskSecret } from "../security/redact.ts";
import { findKeyTraces } from "../credentials/find_key_traces.ts";
import { keyManagementPage } from "../credentials/key_management_pages.ts";
import { canonicalProviderId, providerCredentials } from "../permissions/provider_credentials.ts";
import { formatRevokeReport, type RevokeReport } from "./format_revoke_report.ts";
import { removeStoredCopies } from "./remove_stored_copies.ts";
import { type RevokedField, revokedFields } from "./revoked_fields.ts";

/** What `omn keys revoke` is asked. */
export interface RevokeRequest {
  provider: string;
  json: boolean;
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
    request.json
      ? JSON.stringify(report, null, 2) + "\n"
      : formatRevokeReport(report, spec.displayName),
  );
  warnLeftBehind(context, report, entry, texts);
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

/** How to put the new key where the old one was. */
function replacement(provider: string, fields: readonly RevokedField[], config: Config): string {
  const outside = fields.find((field) => !field.stored);
  if (outside !== undefined) {
    return `set ${outside.variable} to the new key where it is set (or omn keys set ${provider})`;
  }
  return `omn keys set ${provider}${config.settings?.encrypt_keys === true ? "" : " --encrypt"}`;
}
