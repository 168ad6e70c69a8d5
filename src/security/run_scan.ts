/**
 * The work of `omn scan`: read each input, find secrets, print the report,
 * and end with exit 1 when anything was found.
 *
 * @module
 */
import { SilentError } from "../cli/errors.ts";
import { readUserFile } from "../cli/read_user_file.ts";
import { ExitCode } from "../cli/errors.ts";
import type { Io } from "../cli/io.ts";
import { VERSION } from "../version.ts";
import {
  formatScanJson,
  formatScanSarif,
  formatScanText,
  type ScanFinding,
  scanText,
} from "./scan.ts";

/** The inputs of one `scan`. */
export interface ScanOptions {
  files: string[];
  format: "text" | "json" | "sarif";
}

async function readInput(file: string, io: Io): Promise<string> {
  if (file === "-") return await new Response(io.stdin).text();
  return await readUserFile(file, `scan it through stdin: omn scan - < "${file}"`);
}

/** Scans every input and prints the findings in the chosen format. */
export async function runScan(options: ScanOptions, io: Io): Promise<void> {
  const files = options.files.length > 0 ? options.files : ["-"];
  const findings: ScanFinding[] = [];
  for (const file of files) {
    findings.push(...scanText(await readInput(file, io), file === "-" ? "<stdin>" : file));
  }
  const report = options.format === "json"
    ? formatScanJson(findings)
    : options.format === "sarif"
    ? formatScanSarif(findings, VERSION)
    : formatScanText(findings);
  if (report.length > 0) await io.write(report.endsWith("\n") ? report : report + "\n");
  if (findings.length > 0) {
    io.message("info", `${findings.length} secret${findings.length === 1 ? "" : "s"} found`);
    throw new SilentError(ExitCode.Runtime);
  }
}
