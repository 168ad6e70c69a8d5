/**
 * The report of `omn keys revoke`: its JSON shape and its text form.
 *
 * @module
 */
import type { KeyTrace } from "../credentials/find_key_traces.ts";
import { PASSPHRASE_ENV } from "../keystore/passphrase.ts";

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

/** The text form of a revocation report, for people. */
export function formatRevokeReport(report: RevokeReport, displayName: string): string {
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
