/**
 * The records of the audit log: what happened, where and by whom, never a
 * secret.
 *
 * @module
 */

/** The events omn records. */
export const AUDIT_EVENTS = [
  "key.set",
  "key.rotated",
  "key.removed",
  "key.revoked",
  "key.encrypted",
  "key.decrypted",
  "config.initialized",
  "config.set",
  "config.unset",
  "config.imported",
  "config.restored",
  "config.exported",
  "auth.failed",
  "permission.refused",
  "prompt.secrets",
  "alert.acknowledged",
] as const;

/** One of {@linkcode AUDIT_EVENTS}. */
export type AuditEventName = typeof AUDIT_EVENTS[number];

/** A secret found in an outgoing prompt: its kind and fingerprint, never its value. */
export interface AuditSecret {
  kind: string;
  fingerprint: string;
}

/**
 * What a caller records. `command` and `event` are required; the other
 * fields are the event's details, each optional. Every string is passed
 * through the redaction module before it is written, whatever field it is in.
 */
export interface AuditEvent {
  /** The command that caused it (`keys set`, `ask`). */
  command: string;
  /** What happened. */
  event: AuditEventName;
  /** The provider concerned. */
  provider?: string;
  /** The profile concerned: the run's (`--profile`, `OMNIMANCER_PROFILE`, else `default`) unless set. */
  profile?: string;
  /** Fingerprint of the key concerned (`fp:…`): the new key for set and rotate. */
  fingerprint?: string;
  /** Fingerprints of the keys a rotation or removal replaced. */
  previous?: string[];
  /** Config: the dotted key set or unset. */
  key?: string;
  /** Config: the value set (never a secret field: those are refused earlier). */
  value?: string;
  /** Config: the file imported (`<stdin>`), or the backup restored; keys: the secret references stored. */
  source?: string;
  /** Authentication failures: the endpoint host and HTTP status. */
  host?: string;
  status?: number;
  /** Permission refusals: the permission (`read`, `net`, …) and what was refused; alert acknowledgements: the alert's id. */
  permission?: string;
  target?: string;
  /** Prompt secrets: what was done with them (`masked`, `blocked`, `allowed`). */
  action?: "masked" | "blocked" | "allowed";
  /** Prompt secrets: their kinds and fingerprints. */
  secrets?: AuditSecret[];
  /** Key revoked: where the key was purged from (`config.json`, `backups/…`), and where not. */
  purged?: string[];
  /** Key revoked: omn's own files that still hold it, and how many times (never the key). */
  traces?: { file: string; count: number }[];
}

/** One line of the audit log, as stored. */
export interface AuditRecord extends AuditEvent {
  /** ISO 8601 time, UTC. */
  time: string;
  /** The process id of the `omn` that wrote it. */
  pid: number;
  /**
   * Who: `uid:<n>`, the owner of the config directory (which omn refuses to
   * use unless the current user owns it), or `unknown` where the system has
   * no user ids (Windows).
   */
  user: string;
}

/**
 * Reads one audit line back; `undefined` when it is not an audit record
 * (a torn or edited line).
 */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (
    typeof record.time !== "string" || Number.isNaN(Date.parse(record.time)) ||
    typeof record.event !== "string" || typeof record.command !== "string"
  ) {
    return undefined;
  }
  return record as unknown as AuditRecord;
}
