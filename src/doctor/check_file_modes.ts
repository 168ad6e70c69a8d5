/**
 * Doctor: the modes and owners of the config directory and everything in it.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { ConfigPaths } from "../config/paths.ts";
import {
  assessPathSecurity,
  currentUid,
  type PathAssessment,
  type PathKind,
} from "../config/file_security.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/** One path of the config directory and what it should be. */
interface Entry {
  path: string;
  kind: PathKind;
  info: Deno.FileInfo;
}

async function walk(dir: string, entries: Entry[], depth: number): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch {
      continue; // removed meanwhile
    }
    entries.push({ path, kind: info.isDirectory ? "directory" : "file", info });
    if (info.isDirectory && depth > 0) await walk(path, entries, depth - 1);
  }
}

/** Assesses one path against what it should be, for the uid that owns the config directory. */
type Assess = (path: string, kind: PathKind, info: Deno.FileInfo, label: string) => PathAssessment;

/**
 * The config directory must be 0700 and everything in it 0600 (directories
 * 0700), owned by the current user, and no symbolic links: the directory,
 * `config.json` and `backups/` each get an item; every other file (the
 * audit log, the usage ledger, logs, history, the config directory's
 * `.env`) is summed up in one. A path others can write, or owned by another
 * user, fails; one others can read warns. Skipped on Windows (ACLs).
 */
export async function checkFileModes(paths: ConfigPaths): Promise<DoctorCheck[]> {
  let dirInfo: Deno.FileInfo;
  try {
    dirInfo = await Deno.lstat(paths.dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return [{
        id: "file-modes.dir",
        status: "pass",
        detail: `${paths.dir} does not exist yet (it is created 0700)`,
      }];
    }
    throw error;
  }
  if (Deno.build.os === "windows") {
    return [{
      id: "file-modes.dir",
      status: "unknown",
      detail: "Windows has no POSIX modes; access is governed by ACLs",
      fix: `check that only you can open ${paths.dir} (icacls "${paths.dir}")`,
    }];
  }
  const uid = dirInfo.isDirectory && !dirInfo.isSymlink ? await currentUid(paths.dir) : null;
  const assess: Assess = (path, kind, info, label) =>
    assessPathSecurity(path, info, { kind, uid, label });
  const dirAssessment = assess(paths.dir, "directory", dirInfo, "config directory");
  const checks = verdict(
    "file-modes.dir",
    "directories",
    [dirAssessment],
    `${paths.dir} is private (${modeText(dirInfo)})`,
  );
  if (dirAssessment.refusal !== undefined && (dirInfo.isSymlink || !dirInfo.isDirectory)) {
    return checks;
  }
  const entries: Entry[] = [];
  await walk(paths.dir, entries, 4);
  return [...checks, ...checkEntries(paths, entries, assess)];
}

/** The items of the config file, the backups and every other path in the config directory. */
function checkEntries(
  paths: ConfigPaths,
  entries: readonly Entry[],
  assess: Assess,
): DoctorCheck[] {
  const inBackups = (path: string) =>
    path === paths.backups || !relative(paths.backups, path).startsWith("..");
  const config = entries.filter((entry) => entry.path === paths.file);
  const backups = entries.filter((entry) => inBackups(entry.path));
  const others = entries.filter((entry) => entry.path !== paths.file && !inBackups(entry.path));
  return [
    ...verdict(
      "file-modes.config",
      "files",
      config.map((entry) => assess(entry.path, "file", entry.info, "config file")),
      config.length === 0
        ? "no config file yet"
        : `${paths.file} is private (${modeText(config[0].info)})`,
    ),
    ...verdict(
      "file-modes.backups",
      "backups",
      backups.map((entry) =>
        assess(
          entry.path,
          entry.kind,
          entry.info,
          entry.kind === "directory" ? "backups directory" : "backup",
        )
      ),
      `${backups.filter((entry) => entry.kind === "file").length} backups, all private`,
    ),
    ...verdict(
      "file-modes.other",
      "files",
      others.map((entry) => assess(entry.path, entry.kind, entry.info, "file")),
      `${others.length} other files and directories (audit log, usage ledger, logs, history, .env), all private`,
    ),
  ];
}

/**
 * One item's checks from the problems of its paths: the first refusal fails
 * (and a second check counts the other refusals), else the first warning
 * warns, else `ok` passes.
 */
function verdict(
  id: string,
  label: string,
  problems: readonly PathAssessment[],
  ok: string,
): DoctorCheck[] {
  const refusals = problems.flatMap((problem) => problem.refusal ?? []);
  const warnings = problems.flatMap((problem) => problem.warning ?? []);
  if (refusals.length > 0) {
    const checks: DoctorCheck[] = [
      { id, status: "fail", detail: refusals[0], fix: fixOf(refusals[0]) },
    ];
    if (refusals.length > 1) {
      checks.push({
        id,
        status: "fail",
        detail: `${refusals.length - 1} more ${label} with the same kind of problem`,
        fix: fixOf(refusals[0]),
      });
    }
    return checks;
  }
  if (warnings.length > 0) {
    return [{ id, status: "warn", detail: warnings[0], fix: fixOf(warnings[0]) }];
  }
  return [{ id, status: "pass", detail: ok }];
}

function modeText(info: Deno.FileInfo): string {
  return info.mode === null
    ? "mode unknown"
    : `mode ${(info.mode & 0o777).toString(8).padStart(4, "0")}`;
}

/** The command after "run " in a refusal or warning (`chmod 600 "…"`), else the whole text. */
function fixOf(text: string): string {
  const match = /: (?:run )((?:sudo )?ch(?:mod|own) .+)$/.exec(text);
  if (match) return match[1];
  return /symbolic link|not a regular file|not a directory/.test(text)
    ? "replace it with a regular file or directory, or move it away"
    : "see the detail";
}
