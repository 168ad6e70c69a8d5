import assert from "node:assert/strict";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { MAX_WAITING, SecretScanner } from "../../src/security/secret_scanner.ts";
import type { ScanFinding } from "../../src/security/scan.ts";
import { MAX_PENDING_LENGTH } from "../../src/security/redact_stream.ts";
import {
  anthropicKey,
  awsAccessKeyId,
  geminiKey,
  openaiProjectKey,
  pemPrivateKey,
} from "../credentials/_canaries.ts";

function scanChunks(chunks: string[], allowed?: Set<string>): ScanFinding[] {
  const scanner = new SecretScanner({ source: "f.txt", allowed });
  return [...chunks.flatMap((chunk) => scanner.push(chunk)), ...scanner.finish()];
}

const TEXT = [
  "first line",
  `  key=${awsAccessKeyId("SC")} # omn:allow`,
  `anthropic ${anthropicKey("SC")}`,
  `id AKIAIOSFODNN7EXAMPLE and ${geminiKey("SC")}`,
  pemPrivateKey("SC"),
  `last ${openaiProjectKey("SC")}`,
].join("\n");

Deno.test("the findings do not depend on how the text is split into chunks", () => {
  clearKnownSecrets();
  const whole = scanChunks([TEXT]);
  assert.deepEqual(whole.map((finding) => [finding.kind, finding.line, finding.status]), [
    ["aws-access-key-id", 2, "allowed"],
    ["anthropic", 3, "secret"],
    ["aws-access-key-id", 4, "example"],
    ["google-api-key", 4, "secret"],
    ["private-key", 6, "secret"], // the key's body starts on the line after its BEGIN marker
    ["openai", TEXT.split("\n").length, "secret"],
  ]);
  for (let cut = 1; cut < TEXT.length; cut += 7) {
    assert.deepEqual(scanChunks([TEXT.slice(0, cut), TEXT.slice(cut)]), whole, `cut at ${cut}`);
  }
  const characters = scanChunks([...TEXT]);
  assert.deepEqual(characters, whole);
});

Deno.test("an omn:allow comment after the secret, split across chunks, acknowledges it", () => {
  clearKnownSecrets();
  const key = geminiKey("AL");
  const findings = scanChunks([`x=${key} // omn:al`, "low\n", `y=${key}\n`]);
  assert.deepEqual(findings.map((finding) => [finding.status, finding.allowedBy]), [
    ["allowed", "comment"],
    ["secret", undefined],
  ]);
});

Deno.test("a fingerprint in the allowed set is reported as allowed by the config", () => {
  clearKnownSecrets();
  const key = geminiKey("CF");
  const [first] = scanChunks([`k=${key}\n`]);
  const [second] = scanChunks([`k=${key}\n`], new Set([first.fingerprint]));
  assert.equal(second.status, "allowed");
  assert.equal(second.allowedBy, "config");
});

Deno.test("documentation examples are reported as examples, never silently skipped", () => {
  clearKnownSecrets();
  const findings = scanChunks([
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
  ]);
  assert.deepEqual(findings.map((finding) => [finding.line, finding.status]), [
    [1, "example"],
    [2, "example"],
  ]);
  assert.equal(findings[0].column, 21);
  assert.deepEqual(scanChunks(["xAKIAIOSFODNN7EXAMPLE\n"]), []);
});

Deno.test("lines start at firstLine and columns count from the line's start", () => {
  clearKnownSecrets();
  const scanner = new SecretScanner({ source: "a", firstLine: 40 });
  const findings = [...scanner.push(`\n\n   ${geminiKey("L")}\n`), ...scanner.finish()];
  assert.equal(findings[0].line, 42);
  assert.equal(findings[0].column, 4);
});

Deno.test("memory stays bounded on a long input without newlines", () => {
  clearKnownSecrets();
  const scanner = new SecretScanner({ source: "random" });
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ";
  let state = 12345;
  let found = 0;
  let mostHeld = 0;
  // The characters are drawn as bytes and decoded at once: appending 13 million characters
  // one by one cost as much as scanning them.
  const codes = new Uint8Array(65536);
  const latin1 = new TextDecoder("latin1");
  for (let chunkIndex = 0; chunkIndex < 200; chunkIndex++) {
    for (let index = 0; index < 65536; index++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      codes[index] = alphabet.charCodeAt(state % alphabet.length);
    }
    let chunk = latin1.decode(codes);
    if (chunkIndex % 50 === 0) chunk += ` ${geminiKey(`R${chunkIndex}`)} `;
    found += scanner.push(chunk).length;
    mostHeld = Math.max(mostHeld, scanner.heldLength);
  }
  found += scanner.finish().length;
  assert.ok(found >= 4, `found ${found}`);
  assert.ok(mostHeld <= MAX_PENDING_LENGTH + 65536 + 128, `held ${mostHeld}`);
});

Deno.test("findings on one endless line are released once more than MAX_WAITING wait", () => {
  clearKnownSecrets();
  const scanner = new SecretScanner({ source: "line" });
  let released = 0;
  for (let index = 0; index < MAX_WAITING + 50; index++) {
    released += scanner.push(` ${geminiKey(`W${index}`)}`).length;
  }
  assert.ok(released >= 40, `released ${released}`);
  assert.equal(released + scanner.finish().length, MAX_WAITING + 50);
});
