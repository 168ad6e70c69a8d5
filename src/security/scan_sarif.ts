/**
 * SARIF 2.1.0 report of scan findings, for code-scanning dashboards, written
 * as the findings arrive.
 *
 * @module
 */
import { patterns } from "./patterns.ts";
import type { ScanFinding } from "./scan.ts";
import { type ScanReportWriter, writeWholeReport } from "./scan_format.ts";
import { ruleHelp } from "./scan_rule_help.ts";

/** The schema the report declares. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * A SARIF 2.1.0 log of one run of the `omnimancer` driver at `toolVersion`:
 * one result per finding (`error` for a secret, `note` for a documentation
 * example, a suppression for an acknowledged one), located by its
 * repository-relative path and start line and column, with the secret's
 * fingerprint as its partial fingerprint; one rule per kind found, with its
 * help. The results come first and the rules last, so nothing but the rules
 * is kept while findings stream.
 */
export function sarifReportWriter(toolVersion: string): ScanReportWriter {
  const ruleIndex = new Map<string, number>();
  let count = 0;
  return {
    begin: () =>
      `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n` +
      `    {\n      "columnKind": "utf16CodeUnits",\n      "results": [`,
    finding(finding) {
      if (!ruleIndex.has(finding.kind)) ruleIndex.set(finding.kind, ruleIndex.size);
      const result = sarifResult(finding, ruleIndex.get(finding.kind)!);
      return `${count++ === 0 ? "" : ","}\n        ${JSON.stringify(result)}`;
    },
    end(notes) {
      const rules = [...ruleIndex.keys()].map(sarifRule);
      const tool = {
        driver: {
          name: "omnimancer",
          version: toolVersion,
          semanticVersion: toolVersion,
          rules,
        },
      };
      const invocation = {
        executionSuccessful: true,
        toolExecutionNotifications: notes.map((note) => ({
          level: "warning",
          message: { text: note },
        })),
      };
      return `${count === 0 ? "" : "\n      "}],\n` +
        `      "invocations": [${JSON.stringify(invocation)}],\n` +
        `      "tool": ${JSON.stringify(tool)}\n    }\n  ]\n}\n`;
    },
  };
}

function sarifResult(finding: ScanFinding, index: number): Record<string, unknown> {
  const what = finding.status === "example" ? "documentation example" : finding.label;
  return {
    ruleId: finding.kind,
    ruleIndex: index,
    level: finding.status === "example" ? "note" : "error",
    message: {
      text: `${what} (${finding.kind}): ${finding.masked} ${finding.fingerprint}`,
    },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(finding.source) },
        region: { startLine: finding.line, startColumn: finding.column },
      },
    }],
    partialFingerprints: { "secretFingerprint/v1": finding.fingerprint },
    ...(finding.status === "allowed"
      ? {
        suppressions: [
          finding.allowedBy === "config"
            ? { kind: "external", justification: "fingerprint in settings.scan_allow" }
            : { kind: "inSource", justification: "omn:allow comment" },
        ],
      }
      : {}),
  };
}

function sarifRule(kind: string): Record<string, unknown> {
  const label = patterns.find((pattern) => pattern.kind === kind)?.label ?? kind;
  const help = ruleHelp(kind);
  return {
    id: kind,
    name: ruleName(kind),
    shortDescription: { text: label },
    fullDescription: { text: `${label}: a credential that must not be committed or shared` },
    defaultConfiguration: { level: "error" },
    help: { text: help.text },
    ...(help.uri === undefined ? {} : { helpUri: help.uri }),
    properties: { tags: ["security", "secret"] },
  };
}

/**
 * The findings as a SARIF 2.1.0 log (two-space indent, final newline); see
 * {@linkcode sarifReportWriter}.
 */
export function formatScanSarif(findings: readonly ScanFinding[], toolVersion: string): string {
  return writeWholeReport(sarifReportWriter(toolVersion), findings);
}

/** `aws-access-key-id` → `AwsAccessKeyId`. */
function ruleName(kind: string): string {
  return kind.split(/[^A-Za-z0-9]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** A relative URI reference for a file path (`./` and `\` normalised). */
function toUri(source: string): string {
  return encodeURI(source.replaceAll("\\", "/").replace(/^(?:\.\/)+/, ""));
}
