/**
 * The secret scanner core behind `omn scan`: findings with their line and
 * column, and the report formats (text, JSON, SARIF 2.1.0).
 *
 * @module
 */
import { findSecrets } from "./redact.ts";

export { formatScanJson, formatScanText } from "./scan_format.ts";
export { formatScanSarif } from "./scan_sarif.ts";

/** One secret found by {@linkcode scanText}. It never holds the secret itself. */
export interface ScanFinding {
  /** Kind id (`"openai"`, `"aws-access-key-id"`, ...). */
  kind: string;
  /** Human label. */
  label: string;
  /** Where the text came from: a file path, or `<stdin>`. */
  source: string;
  /** 1-based line of the first character of the secret. */
  line: number;
  /** 1-based column of the first character of the secret, in UTF-16 code units. */
  column: number;
  /** The masked form of the secret (`sk-ant-***`). */
  masked: string;
  /** Fingerprint of the secret (`fp:1a2b3c4d5e6f`). */
  fingerprint: string;
}

/**
 * Every secret in `text`, located by line and column; `source` names the
 * text in the findings. Lines end at `\n` (so `\r\n` counts once).
 *
 * @example
 * ```ts
 * import { scanText } from "./scan.ts";
 * scanText("ok\nkey=AKIAQWERTYUIOPASDFGH\n", "app.env");
 * // [{ kind: "aws-access-key-id", source: "app.env", line: 2, column: 5, masked: "AKIA***", ... }]
 * ```
 */
export function scanText(text: string, source: string): ScanFinding[] {
  const findings: ScanFinding[] = [];
  let line = 1;
  let lineStart = 0;
  for (const finding of findSecrets(text)) {
    let newline = text.indexOf("\n", lineStart);
    while (newline !== -1 && newline < finding.index) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf("\n", lineStart);
    }
    findings.push({
      kind: finding.kind,
      label: finding.label,
      source,
      line,
      column: finding.index - lineStart + 1,
      masked: finding.masked,
      fingerprint: finding.fingerprint,
    });
  }
  return findings;
}
