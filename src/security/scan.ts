/**
 * The secret scanner core behind `omn scan`: findings with their line and
 * column, and the report formats (text, JSON, SARIF 2.1.0).
 *
 * @module
 */
import { SecretScanner } from "./secret_scanner.ts";

export {
  formatScanJson,
  formatScanText,
  jsonReportWriter,
  type ScanReportWriter,
  textReportWriter,
} from "./scan_format.ts";
export { formatScanSarif, sarifReportWriter } from "./scan_sarif.ts";

/** What a finding is: a leak, a published documentation example, or one the user acknowledged. */
export type ScanStatus = "secret" | "example" | "allowed";

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
  /** `secret` unless the value is a documentation example or acknowledged. */
  status: ScanStatus;
  /** For `allowed`: an `omn:allow` comment on the line, or the config's `settings.scan_allow`. */
  allowedBy?: "comment" | "config";
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
export function scanText(
  text: string,
  source: string,
  options: { allowed?: ReadonlySet<string> } = {},
): ScanFinding[] {
  const scanner = new SecretScanner({ source, allowed: options.allowed });
  return [...scanner.push(text), ...scanner.finish()];
}
