/**
 * Text and JSON reports of scan findings, written as the findings arrive.
 *
 * @module
 */
import type { ScanFinding } from "./scan.ts";

/**
 * A report written piece by piece: `begin`, then `finding` for each finding
 * in order, then `end`; the concatenation is the whole report. Memory does
 * not grow with the number of findings.
 */
export interface ScanReportWriter {
  /** What comes before the first finding. */
  begin(): string;
  /** One finding. */
  finding(finding: ScanFinding): string;
  /** What closes the report; `notes` are said in it where the format has room (SARIF). */
  end(notes: readonly string[]): string;
}

/** The tag a text report adds to a finding that is not a leak. */
function statusTag(finding: ScanFinding): string {
  if (finding.status === "example") return " [documentation example]";
  if (finding.status === "allowed") {
    return finding.allowedBy === "config"
      ? " [allowed: settings.scan_allow]"
      : " [allowed: omn:allow comment]";
  }
  return "";
}

/**
 * One line per finding, `source:line:column: kind masked fingerprint (label)`,
 * followed by `[documentation example]` or `[allowed: …]` for a finding that
 * is not a leak.
 */
export function textReportWriter(): ScanReportWriter {
  return {
    begin: () => "",
    finding: (finding) =>
      `${finding.source}:${finding.line}:${finding.column}: ${finding.kind} ${finding.masked} ${finding.fingerprint} (${finding.label})${
        statusTag(finding)
      }\n`,
    end: () => "",
  };
}

/** The JSON object of one finding (snake_case keys). */
export function findingObject(finding: ScanFinding): Record<string, unknown> {
  return {
    kind: finding.kind,
    label: finding.label,
    source: finding.source,
    line: finding.line,
    column: finding.column,
    masked: finding.masked,
    fingerprint: finding.fingerprint,
    status: finding.status,
    ...(finding.allowedBy === undefined ? {} : { allowed_by: finding.allowedBy }),
  };
}

/** A JSON array, one object per finding on its own line, final newline. */
export function jsonReportWriter(): ScanReportWriter {
  let count = 0;
  return {
    begin: () => "[",
    finding: (finding) =>
      `${count++ === 0 ? "" : ","}\n  ${JSON.stringify(findingObject(finding))}`,
    end: () => count === 0 ? "]\n" : "\n]\n",
  };
}

/**
 * Writes a whole report at once.
 *
 * @example
 * ```ts
 * import { textReportWriter, writeWholeReport } from "./scan_format.ts";
 * writeWholeReport(textReportWriter(), []); // ""
 * ```
 */
export function writeWholeReport(
  writer: ScanReportWriter,
  findings: readonly ScanFinding[],
): string {
  return writer.begin() + findings.map((finding) => writer.finding(finding)).join("") +
    writer.end([]);
}

/**
 * One line per finding, `source:line:column: kind masked fingerprint (label)`,
 * each ending in a newline; the empty string when there is none.
 *
 * @example
 * ```ts
 * import { formatScanText } from "./scan_format.ts";
 * formatScanText([{ kind: "openai", label: "OpenAI API key", source: "a.env", line: 3, column: 16,
 *   masked: "sk-proj-***", fingerprint: "fp:1a2b3c4d5e6f", status: "secret" }]);
 * // "a.env:3:16: openai sk-proj-*** fp:1a2b3c4d5e6f (OpenAI API key)\n"
 * ```
 */
export function formatScanText(findings: readonly ScanFinding[]): string {
  return writeWholeReport(textReportWriter(), findings);
}

/** The findings as a JSON array (final newline), one object per finding. */
export function formatScanJson(findings: readonly ScanFinding[]): string {
  return writeWholeReport(jsonReportWriter(), findings);
}
