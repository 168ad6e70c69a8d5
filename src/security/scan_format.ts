/**
 * Text and JSON reports of scan findings.
 *
 * @module
 */
import type { ScanFinding } from "./scan.ts";

/**
 * One line per finding, `source:line:column: kind masked fingerprint (label)`,
 * each ending in a newline; the empty string when there is none.
 *
 * @example
 * ```ts
 * import { formatScanText } from "./scan_format.ts";
 * formatScanText([{ kind: "openai", label: "OpenAI API key", source: "a.env", line: 3, column: 16,
 *   masked: "sk-proj-***", fingerprint: "fp:1a2b3c4d5e6f" }]);
 * // "a.env:3:16: openai sk-proj-*** fp:1a2b3c4d5e6f (OpenAI API key)\n"
 * ```
 */
export function formatScanText(findings: readonly ScanFinding[]): string {
  return findings.map((finding) =>
    `${finding.source}:${finding.line}:${finding.column}: ${finding.kind} ${finding.masked} ${finding.fingerprint} (${finding.label})\n`
  ).join("");
}

/** The findings as a JSON array (two-space indent, final newline), one object per finding. */
export function formatScanJson(findings: readonly ScanFinding[]): string {
  const objects = findings.map((finding) => ({
    kind: finding.kind,
    label: finding.label,
    source: finding.source,
    line: finding.line,
    column: finding.column,
    masked: finding.masked,
    fingerprint: finding.fingerprint,
  }));
  return `${JSON.stringify(objects, null, 2)}\n`;
}
