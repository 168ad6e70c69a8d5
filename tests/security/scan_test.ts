import assert from "node:assert/strict";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import {
  formatScanJson,
  formatScanSarif,
  formatScanText,
  type ScanFinding,
  scanText,
} from "../../src/security/scan.ts";
import { canaries, corpus } from "./_corpus.ts";

const awsKey = canaries.find((canary) => canary.name === "AWS access key id AKIA")!.text;
const anthropicKey = canaries.find((canary) => canary.kind === "anthropic")!.text;

Deno.test("scanText locates secrets by 1-based line and column", () => {
  clearKnownSecrets();
  const text = `first line\n  key=${awsKey}\n\r\nAuthorization: Bearer abc123\r\n${anthropicKey}`;
  const findings = scanText(text, "app.log");
  assert.deepEqual(
    findings.map(({ kind, line, column, source }) => ({ kind, line, column, source })),
    [
      { kind: "aws-access-key-id", line: 2, column: 7, source: "app.log" },
      { kind: "authorization-header", line: 4, column: 23, source: "app.log" },
      { kind: "anthropic", line: 5, column: 1, source: "app.log" },
    ],
  );
  assert.equal(findings[0].masked, "AKIA***");
  assert.match(findings[0].fingerprint, /^fp:[0-9a-f]{12}$/);
  assert.deepEqual(scanText("no secrets here\n", "a.txt"), []);
});

Deno.test("the text and JSON reports", () => {
  clearKnownSecrets();
  const findings = scanText(`x\nid=${awsKey}\n`, "src/a.env");
  const text = formatScanText(findings);
  assert.equal(
    text,
    `src/a.env:2:4: aws-access-key-id AKIA*** ${findings[0].fingerprint} (AWS access key id)\n`,
  );
  assert.equal(formatScanText([]), "");
  const parsed = JSON.parse(formatScanJson(findings));
  assert.deepEqual(parsed, findings);
  assert.equal(parsed[0].status, "secret");
  assert.deepEqual(JSON.parse(formatScanJson([])), []);
});

Deno.test("the SARIF 2.1.0 report", () => {
  clearKnownSecrets();
  const findings = scanText(`a=${awsKey}\nb=${anthropicKey}\nc=${awsKey}\n`, "dir/my file.env");
  const log = JSON.parse(formatScanSarif(findings, "0.1.0"));
  assert.equal(typeof log.$schema, "string");
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, "omnimancer");
  assert.equal(driver.version, "0.1.0");
  assert.deepEqual(driver.rules.map((rule: { id: string }) => rule.id), [
    "aws-access-key-id",
    "anthropic",
  ]);
  const results = log.runs[0].results;
  assert.equal(results.length, 3);
  findings.forEach((finding: ScanFinding, index: number) => {
    const result = results[index];
    assert.equal(result.ruleId, finding.kind);
    assert.equal(driver.rules[result.ruleIndex].id, finding.kind);
    assert.equal(result.level, "error");
    assert.ok(result.message.text.includes(finding.kind));
    assert.ok(result.message.text.includes(finding.masked));
    assert.ok(result.message.text.includes(finding.fingerprint));
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, "dir/my%20file.env");
    assert.equal(location.region.startLine, index + 1);
    assert.equal(location.region.startColumn, 3);
  });
  const empty = JSON.parse(formatScanSarif([], "0.1.0"));
  assert.deepEqual(empty.runs[0].results, []);
  assert.deepEqual(empty.runs[0].tool.driver.rules, []);
});

Deno.test("no report format holds a secret", () => {
  clearKnownSecrets();
  for (const entry of corpus) {
    const findings = scanText(entry.text, "corpus.txt");
    assert.ok(findings.length > 0, entry.name);
    const reports = formatScanText(findings) + formatScanJson(findings) +
      formatScanSarif(findings, "0.1.0");
    for (const secret of entry.hide) {
      const kept = secret.startsWith(entry.canary.keep) ? entry.canary.keep.length : 0;
      for (let start = Math.max(0, kept - 7); start + 8 <= secret.length; start++) {
        const window = secret.slice(start, start + 8);
        assert.ok(!reports.includes(window), `${entry.name}: "${window}" in a report`);
      }
      if (secret.length < 8) assert.ok(!reports.includes(secret), entry.name);
    }
  }
});
