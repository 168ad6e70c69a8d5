import assert from "node:assert/strict";
import { DiffScanner, looksLikeDiff } from "../../src/security/diff_scanner.ts";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import type { ScanFinding } from "../../src/security/scan.ts";
import { anthropicKey, geminiKey, openaiProjectKey } from "../credentials/_canaries.ts";

function scanDiff(diff: string, chunkSize = diff.length): ScanFinding[] {
  const scanner = new DiffScanner();
  const findings: ScanFinding[] = [];
  for (let start = 0; start < diff.length; start += chunkSize) {
    findings.push(...scanner.push(diff.slice(start, start + chunkSize)));
  }
  return [...findings, ...scanner.finish()];
}

const removed = openaiProjectKey("REMOVED");
const added = geminiKey("ADDED");
const context = anthropicKey("CONTEXT");

const DIFF = [
  "diff --git a/config/app.env b/config/app.env",
  "index 1111111..2222222 100644",
  "--- a/config/app.env",
  "+++ b/config/app.env",
  "@@ -10,4 +10,4 @@ section",
  ` keep=${context}`,
  `-old=${removed}`,
  `+new=${added}`,
  " tail",
  "+++ also content, not a header",
  "@@ -30 +30,2 @@",
  "-x",
  `+  second=${added} # omn:allow`,
  "+y",
  'diff --git "a/dir/my file\\303\\251.txt" "b/dir/my file\\303\\251.txt"',
  "new file mode 100644",
  "--- /dev/null",
  '+++ "b/dir/my file\\303\\251.txt"',
  "@@ -0,0 +1,2 @@",
  "+hello",
  `+${openaiProjectKey("NEW")}`,
  "diff --git a/gone.env b/gone.env",
  "deleted file mode 100644",
  "--- a/gone.env",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  `-${anthropicKey("GONE")}`,
  "",
].join("\n");

Deno.test("only added lines are scanned, located in the new file by the hunk headers", () => {
  clearKnownSecrets();
  const findings = scanDiff(DIFF);
  assert.deepEqual(
    findings.map(({ source, line, column, kind, status }) => ({
      source,
      line,
      column,
      kind,
      status,
    })),
    [
      { source: "config/app.env", line: 11, column: 5, kind: "google-api-key", status: "secret" },
      {
        source: "config/app.env",
        line: 30,
        column: 10,
        kind: "google-api-key",
        status: "allowed",
      },
      { source: "dir/my fileé.txt", line: 2, column: 1, kind: "openai", status: "secret" },
    ],
  );
});

Deno.test("a hunk header's line count decides where the hunk ends, whatever the chunks", () => {
  clearKnownSecrets();
  const whole = scanDiff(DIFF);
  for (const size of [1, 2, 3, 7, 64, 100]) {
    assert.deepEqual(scanDiff(DIFF, size), whole, `${size}`);
  }
});

Deno.test("a commit that only removes a secret has no finding", () => {
  clearKnownSecrets();
  const diff = [
    "diff --git a/.env b/.env",
    "--- a/.env",
    "+++ b/.env",
    "@@ -1,2 +1 @@",
    `-OPENAI_API_KEY=${removed}`,
    " DEBUG=1",
    "",
  ].join("\n");
  assert.deepEqual(scanDiff(diff), []);
});

Deno.test("diffs are recognised by their first lines", () => {
  assert.ok(looksLikeDiff("diff --git a/x b/x\nindex 1..2\n"));
  assert.ok(looksLikeDiff("--- a.txt\t2026-01-01\n+++ b.txt\t2026-01-02\n@@ -1 +1 @@\n"));
  assert.ok(!looksLikeDiff("log line\ndiff --git a/x b/x\n"));
  assert.ok(!looksLikeDiff("--- a heading ---\ntext\n"));
});
