/**
 * SARIF 2.1.0 report of scan findings, for code-scanning dashboards.
 *
 * @module
 */
import { patterns } from "./patterns.ts";
import type { ScanFinding } from "./scan.ts";

/** The schema the report declares. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * The findings as a SARIF 2.1.0 log (two-space indent, final newline): one
 * run of the `omnimancer` driver at `toolVersion`, one rule per kind found,
 * one `error` result per finding whose message names the kind, the masked
 * value and the fingerprint, located by file and start line and column.
 */
export function formatScanSarif(findings: readonly ScanFinding[], toolVersion: string): string {
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  for (const finding of findings) {
    if (ruleIndex.has(finding.kind)) continue;
    ruleIndex.set(finding.kind, rules.length);
    const label = patterns.find((pattern) => pattern.kind === finding.kind)?.label ?? finding.label;
    rules.push({
      id: finding.kind,
      name: ruleName(finding.kind),
      shortDescription: { text: label },
      fullDescription: { text: `${label}: a credential that must not be committed or shared` },
      defaultConfiguration: { level: "error" },
      help: {
        text: "Revoke the credential, replace it, and remove it from the file and its history",
      },
    });
  }
  const results = findings.map((finding) => ({
    ruleId: finding.kind,
    ruleIndex: ruleIndex.get(finding.kind),
    level: "error",
    message: {
      text: `${finding.label} (${finding.kind}): ${finding.masked} ${finding.fingerprint}`,
    },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(finding.source) },
        region: { startLine: finding.line, startColumn: finding.column },
      },
    }],
    partialFingerprints: { "secretFingerprint/v1": finding.fingerprint },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "omnimancer",
          version: toolVersion,
          semanticVersion: toolVersion,
          rules,
        },
      },
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `aws-access-key-id` → `AwsAccessKeyId`. */
function ruleName(kind: string): string {
  return kind.split(/[^A-Za-z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** A relative URI reference for a file path (`<stdin>` stays recognisable). */
function toUri(source: string): string {
  return encodeURI(source.replaceAll("\\", "/"));
}
