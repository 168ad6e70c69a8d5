/**
 * Doctor: no secret in omn's own files (logs, audit log, usage ledger,
 * history, reports).
 *
 * @module
 */
import { basename, join, relative } from "node:path";
import type { ConfigPaths } from "../config/paths.ts";
import { type ScanFinding, scanText } from "../security/scan.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/** Files larger than this are reported as not scanned rather than read whole. */
export const MAX_SCAN_BYTES = 64 * 1024 * 1024;

/**
 * Whether a path of the config directory is one of the files meant to hold
 * secrets (the config file, its backups, the config directory's `.env`) or
 * holds nothing worth scanning (locks, temporary files): those are skipped.
 */
export function holdsSecretsByDesign(paths: ConfigPaths, path: string): boolean {
  if (path === paths.file || path === paths.dotenv) return true;
  const inBackups = relative(paths.backups, path);
  if (inBackups === "" || !inBackups.startsWith("..")) return true;
  const name = basename(path);
  return name.endsWith(".lock") || name.endsWith(".tmp") || name.startsWith(".uid-probe-");
}

async function filesUnder(dir: string, depth: number): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile) files.push(path);
    else if (entry.isDirectory && depth > 0) files.push(...await filesUnder(path, depth - 1));
  }
  return files;
}

/**
 * Scans every file of the config directory except those that hold secrets
 * by design ({@linkcode holdsSecretsByDesign}) with the secret scanner
 * (`scanText`: the credential formats and every secret this process has
 * loaded and registered). A finding fails, naming the file, line, kind and
 * fingerprint, never the secret.
 */
export async function checkSecretFiles(paths: ConfigPaths): Promise<DoctorCheck[]> {
  let files: string[];
  try {
    files = (await filesUnder(paths.dir, 4)).filter((path) => !holdsSecretsByDesign(paths, path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return [{ id: "secrets-in-files", status: "pass", detail: "no config directory yet" }];
    }
    throw error;
  }
  const findings: ScanFinding[] = [];
  const skipped: string[] = [];
  for (const path of files.sort()) {
    const size = (await Deno.stat(path)).size;
    if (size > MAX_SCAN_BYTES) {
      skipped.push(path);
      continue;
    }
    const text = new TextDecoder().decode(await Deno.readFile(path));
    // Documentation examples (AKIAIOSFODNN7EXAMPLE) in a conversation are not leaks.
    findings.push(...scanText(text, path).filter((finding) => finding.status === "secret"));
  }
  const checks: DoctorCheck[] = [];
  if (findings.length > 0) {
    const places = [...new Set(findings.map((finding) => finding.source))];
    for (const finding of findings.slice(0, 5)) {
      checks.push({
        id: "secrets-in-files",
        status: "fail",
        detail:
          `${finding.label} ${finding.masked} (${finding.fingerprint}) in ${finding.source}:${finding.line}:${finding.column}`,
        fix:
          `rotate the key (omn keys rotate), then remove the line or the file (it is one of omn's own files)`,
      });
    }
    if (findings.length > 5) {
      checks.push({
        id: "secrets-in-files",
        status: "fail",
        detail: `${findings.length - 5} more secrets in ${places.join(", ")}`,
        fix: "omn scan FILE shows them all (masked)",
      });
    }
  } else {
    checks.push({
      id: "secrets-in-files",
      status: "pass",
      detail: `no secret in ${
        files.length - skipped.length
      } of omn's own files (logs, audit log, usage ledger, history)`,
    });
  }
  if (skipped.length > 0) {
    checks.push({
      id: "secrets-in-files",
      status: "unknown",
      detail: `not scanned, larger than ${MAX_SCAN_BYTES / 1024 / 1024} MiB: ${skipped.join(", ")}`,
      fix: "scan them with omn scan FILE",
    });
  }
  return checks;
}
