/**
 * `omn doctor --report`: a redacted diagnostic bundle for bug reports.
 *
 * @module
 */
import { join, relative } from "node:path";
import { ensurePrivateDir } from "../config/ensure_private_dir.ts";
import type { ConfigPaths } from "../config/paths.ts";
import { writeFileAtomic } from "../config/write_file_atomic.ts";
import { redact } from "../security/redact.ts";
import { redactValue } from "../security/redact_json_line.ts";

/** Where reports are written, in the config directory. */
export const REPORTS_DIR = "reports";

/** A file of the config directory as the report lists it: never its content. */
export interface ReportFile {
  path: string;
  mode: string | null;
  size: number;
}

/** The files of the config directory, relative, with mode and size. */
export async function listConfigFiles(dir: string): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  const walk = async (current: string, depth: number) => {
    for await (const entry of Deno.readDir(current)) {
      const path = join(current, entry.name);
      const info = await Deno.lstat(path).catch(() => undefined);
      if (!info) continue;
      files.push({
        path: relative(dir, path) + (info.isDirectory ? "/" : ""),
        mode: info.mode === null ? null : (info.mode & 0o777).toString(8).padStart(4, "0"),
        size: info.size,
      });
      if (info.isDirectory && depth > 0) await walk(path, depth - 1);
    }
  };
  try {
    await walk(dir, 4);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return files.sort((left, right) => left.path.localeCompare(right.path));
}

/**
 * Writes `report` (every string passed through the redaction module, then
 * the whole text once more) to `reports/doctor-<UTC time>.json` in the
 * config directory, atomically, 0600 (the folder 0700).
 *
 * @returns the file's path.
 */
export async function writeDoctorReport(
  paths: ConfigPaths,
  report: Record<string, unknown>,
  now: Date,
): Promise<string> {
  const folder = join(paths.dir, REPORTS_DIR);
  await ensurePrivateDir(paths.dir);
  await ensurePrivateDir(folder);
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const path = join(folder, `doctor-${stamp}.json`);
  const text = redact(JSON.stringify(redactValue(report), null, 2)) + "\n";
  await writeFileAtomic(path, text, { mode: 0o600 });
  return path;
}
