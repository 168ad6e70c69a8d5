/**
 * Appending to the audit log, `audit.jsonl` in the config directory, and
 * pruning it by age and size as it grows.
 *
 * @module
 */
import { join } from "node:path";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import { appendLineSync, openPrivateAppend } from "../config/open_private_append.ts";
import { writeFileAtomic } from "../config/write_file_atomic.ts";
import { openPrivateFile, readPrivateFile } from "../config/open_private_file.ts";
import { type FileLockOptions, withFileLock } from "../config/with_file_lock.ts";
import { redactJsonLine } from "../security/redact_json_line.ts";
import type { AuditEvent, AuditRecord } from "./audit_record.ts";
import { type AuditSettings, readAuditSettings } from "./audit_settings.ts";
import { pruneAuditLines } from "./prune_audit_lines.ts";

/** The audit log's file name in the config directory. */
export const AUDIT_FILE = "audit.jsonl";

/** The lock file that serialises appends and pruning. */
export const AUDIT_LOCK_FILE = "audit.lock";

/** The audit log's path in a config directory. */
export function auditPath(dir: string): string {
  return join(dir, AUDIT_FILE);
}

/** Options of {@linkcode appendAudit}. */
export interface AppendAuditOptions {
  /** The clock; injectable for tests. */
  now?: () => Date;
  /** Retention limits; read from the config file in `dir` by default. */
  settings?: Pick<AuditSettings, "maxAgeDays" | "maxBytes">;
  /** How long to wait for `audit.lock` and the clock of that wait; injectable for tests. */
  lock?: Pick<FileLockOptions, "waitMs" | "now" | "sleep">;
}

/**
 * Who runs omn, for the `user` field: `uid:<n>` of the owner of the config
 * directory. omn refuses a config directory that another user owns, so this
 * is the current user, learnt without `--allow-sys` and without reading
 * `USER`, which any caller could set to anything.
 */
export async function auditUser(dir: string): Promise<string> {
  try {
    const uid = (await Deno.stat(dir)).uid;
    return uid === null ? "unknown" : `uid:${uid}`;
  } catch {
    return "unknown";
  }
}

/**
 * Appends one event to the audit log of config directory `dir`, with its
 * time, process id and user, after passing every string of it through the
 * redaction module. The log is created 0600 (its directory 0700).
 *
 * Appends take an exclusive lock (`audit.lock`), so pruning never runs
 * while another process appends and no record is lost. After the append,
 * when the log has grown past `maxBytes` or its first record is older than
 * `maxAgeDays`, it is rewritten atomically (`writeFileAtomic`) with only
 * the records retention keeps ({@linkcode pruneAuditLines}).
 *
 * @example
 * ```ts
 * import { appendAudit } from "./append_audit.ts";
 * const dir = await Deno.makeTempDir();
 * await appendAudit(dir, { command: "keys set", event: "key.set", provider: "openai" });
 * ```
 *
 * @returns the record as written (redacted).
 */
export async function appendAudit(
  dir: string,
  event: AuditEvent,
  options: AppendAuditOptions = {},
): Promise<AuditRecord> {
  await ensurePrivateDir(dir);
  const now = (options.now ?? (() => new Date()))();
  const record: AuditRecord = {
    time: now.toISOString(),
    ...event,
    command: event.command,
    event: event.event,
    pid: Deno.pid,
    user: await auditUser(dir),
  };
  const line = redactJsonLine(record);
  const settings = options.settings ?? await readAuditSettings(dir);
  const path = auditPath(dir);
  await withFileLock(join(dir, AUDIT_LOCK_FILE), async () => {
    {
      using file = await openPrivateAppend(path);
      appendLineSync(file, line);
    }
    if (await needsPruning(path, settings, now)) {
      const read = await readPrivateFile(path, { label: "audit log" });
      const text = read === undefined ? "" : new TextDecoder().decode(read.bytes);
      const kept = pruneAuditLines(text.split("\n"), settings, now);
      await writeFileAtomic(path, kept.map((kept) => `${kept}\n`).join(""), { mode: 0o600 });
    }
  }, { ...options.lock, label: "audit log" });
  return JSON.parse(line);
}

async function needsPruning(
  path: string,
  settings: Pick<AuditSettings, "maxAgeDays" | "maxBytes">,
  now: Date,
): Promise<boolean> {
  const opened = await openPrivateFile(path, { access: "read", label: "audit log" });
  if (opened === undefined) return false;
  using file = opened.file;
  if (opened.size > settings.maxBytes) return true;
  const buffer = new Uint8Array(4096);
  const read = await file.read(buffer);
  if (read === null) return false;
  // Records start with their time (see appendAudit), so the first 4 KiB always hold it.
  const head = new TextDecoder().decode(buffer.subarray(0, read));
  const time = Date.parse(/^\{"time":"([^"]+)"/.exec(head)?.[1] ?? "");
  return Number.isNaN(time) || time < now.getTime() - settings.maxAgeDays * 86_400_000;
}
