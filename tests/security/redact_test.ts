import assert from "node:assert/strict";
import { fingerprint } from "../../src/security/fingerprint.ts";
import {
  clearKnownSecrets,
  findSecrets,
  maskSecret,
  redact,
  registerSecret,
} from "../../src/security/redact.ts";
import { benign, canaries, corpus, type CorpusCase } from "./_corpus.ts";

/** The 8-character windows of `secret` that are not inside the prefix a masked form keeps. */
function windows(secret: string, keep: string): string[] {
  if (secret.length <= 8) return [secret];
  const result: string[] = [];
  const kept = secret.startsWith(keep) ? keep.length : 0;
  for (let start = 0; start + 8 <= secret.length; start++) {
    if (start + 8 > kept) result.push(secret.slice(start, start + 8));
  }
  return result;
}

function assertHidden(output: string, entry: CorpusCase): void {
  for (const secret of entry.hide) {
    for (const window of windows(secret, entry.canary.keep)) {
      assert.ok(
        !output.includes(window),
        `${entry.name}: "${window}" of the secret survived in:\n${output}`,
      );
    }
  }
}

Deno.test("redact masks every canary secret in every context", () => {
  clearKnownSecrets();
  for (const entry of corpus) assertHidden(redact(entry.text), entry);
});

Deno.test("redact keeps the recognisable prefix of each canary", () => {
  clearKnownSecrets();
  for (const entry of corpus) {
    if (!entry.verbatim || entry.canary.scope === "pem") continue;
    const expected = `${entry.canary.keep}***`;
    assert.ok(redact(entry.text).includes(expected), `${entry.name}: no "${expected}"`);
  }
});

Deno.test("redact leaves the context around a secret intact", () => {
  clearKnownSecrets();
  const key = canaries.find((canary) => canary.kind === "anthropic")!.text;
  assert.equal(redact(`Authorization: Bearer ${key}\n`), "Authorization: Bearer sk-ant-***\n");
  assert.equal(redact("Authorization: Bearer abc.def"), "Authorization: Bearer ***");
  assert.equal(redact("x-api-key: opaque-value-42\r\n"), "x-api-key: ***\r\n");
  const secret = canaries.find((canary) => canary.kind === "aws-secret-access-key")!.text;
  assert.equal(redact(`AWS_SECRET_ACCESS_KEY=${secret}\n`), "AWS_SECRET_ACCESS_KEY=***\n");
  assert.equal(
    redact(`aws_secret_access_key = ${secret}\n`),
    "aws_secret_access_key = ***\n",
  );
  assert.equal(
    redact(`{"aws_secret_access_key": "${secret}"}`),
    '{"aws_secret_access_key": "***"}',
  );
  assert.equal(
    redact("postgres://admin:s3cr3t-pass@db.example.com:5432/app"),
    "postgres://admin:***@db.example.com:5432/app",
  );
  const pem = canaries.find((canary) => canary.name === "RSA private key")!.text;
  const bodyBreaks = "\n".repeat(pem.split("\n").length - 3);
  assert.equal(
    redact(`${pem}\n`),
    `-----BEGIN RSA PRIVATE KEY-----\n***${bodyBreaks}\n-----END RSA PRIVATE KEY-----\n`,
  );
});

Deno.test("redact keeps the line count: a masked PEM block keeps its line breaks", () => {
  clearKnownSecrets();
  const pem = canaries.find((canary) => canary.name === "RSA private key")!.text;
  assert.ok(pem.split("\n").length > 3, "the canary spans several body lines");
  const text = `before\n${pem}\nafter\n`;
  const redacted = redact(text);
  assert.equal(redacted.split("\n").length, text.split("\n").length);
  assert.equal(redacted.split("\n").at(-2), "after");
  assert.ok(!redacted.includes(pem.split("\n")[1]), "no body line survives");
});

Deno.test("redact leaves benign text byte-identical", () => {
  clearKnownSecrets();
  for (const entry of benign) {
    assert.equal(redact(entry.text), entry.text, entry.name);
    assert.deepEqual(findSecrets(entry.text), [], entry.name);
  }
});

Deno.test("findSecrets reports the kind, the value span and a fingerprint, never the secret", () => {
  clearKnownSecrets();
  for (const entry of corpus) {
    const findings = findSecrets(entry.text);
    assert.ok(findings.length > 0, entry.name);
    const serialized = JSON.stringify(findings);
    for (const secret of entry.hide) {
      for (const window of windows(secret, entry.canary.keep)) {
        assert.ok(!serialized.includes(window), `${entry.name}: a finding holds "${window}"`);
      }
    }
    const wholeValue = entry.contextType === "bare" || entry.contextType === "keyed" ||
      entry.canary.hide === undefined;
    if (entry.canary.scope === "prefix" && entry.verbatim && wholeValue) {
      const value = entry.canary.hide?.[0] ?? entry.canary.text;
      const finding = findings.find((candidate) =>
        entry.text.slice(candidate.index, candidate.index + candidate.length) === value
      );
      assert.ok(finding, `${entry.name}: no finding spans exactly the secret`);
      assert.equal(finding.kind, entry.canary.kind, entry.name);
      assert.equal(finding.fingerprint, fingerprint(value), entry.name);
      assert.equal(finding.masked, `${entry.canary.keep}***`, entry.name);
    }
  }
});

Deno.test("findSecrets names prefix-less secrets by their context", () => {
  clearKnownSecrets();
  for (const canary of canaries.filter((candidate) => candidate.scope === "context")) {
    const text = `${canary.key}=${canary.text}\n`;
    const findings = findSecrets(text);
    assert.equal(findings.length, 1, canary.name);
    assert.equal(findings[0].kind, canary.kind, canary.name);
    assert.equal(findings[0].index, canary.key.length + 1, canary.name);
    assert.equal(findings[0].length, canary.text.length, canary.name);
  }
});

Deno.test("prefix-less secrets without context are left alone", () => {
  clearKnownSecrets();
  for (const canary of canaries.filter((candidate) => candidate.scope === "context")) {
    const text = `value ${canary.text} here\n`;
    assert.equal(redact(text), text, canary.name);
  }
});

Deno.test("OpenRouter keys are not taken for OpenAI keys", () => {
  clearKnownSecrets();
  const key = canaries.find((canary) => canary.kind === "openrouter")!.text;
  const findings = findSecrets(`key: ${key}`);
  assert.deepEqual(findings.map((finding) => finding.kind), ["openrouter"]);
  assert.equal(redact(`key: ${key}`), "key: sk-or-v1-***");
});

const knownCanary = 'Zq8"mV2\\pL5@xR9$wK3 CANARY';

Deno.test("a registered secret is masked in raw and encoded forms", () => {
  clearKnownSecrets();
  assert.equal(redact(`value ${knownCanary} end`), `value ${knownCanary} end`);
  registerSecret(knownCanary, "DB_PASSWORD");
  const bytes = new TextEncoder().encode(knownCanary);
  const padded = btoa(String.fromCharCode(...bytes));
  const forms = {
    raw: knownCanary,
    base64: padded,
    "base64 unpadded": padded.replace(/=+$/, ""),
    base64url: padded.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""),
    "base64url padded": padded.replaceAll("+", "-").replaceAll("/", "_"),
    "URL-encoded": encodeURIComponent(knownCanary),
    "JSON-escaped": JSON.stringify(knownCanary).slice(1, -1),
  };
  for (const [name, form] of Object.entries(forms)) {
    const output = redact(`before ${form} after`);
    assert.equal(output, "before *** after", name);
  }
  const basic = btoa(`user:${knownCanary}`);
  const output = redact(`Proxy: Basic ${basic}`);
  assert.ok(!output.includes(basic.slice(8, 24)), "base64 at an offset inside a longer text");
  const findings = findSecrets(`x ${knownCanary} y`);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].kind, "known-secret");
  assert.equal(findings[0].fingerprint, fingerprint(knownCanary));
  assert.ok(!JSON.stringify(findings).includes("mV2"));
  clearKnownSecrets();
  assert.equal(redact(`value ${knownCanary} end`), `value ${knownCanary} end`);
});

Deno.test("a registered secret that a pattern recognises keeps its prefix", () => {
  clearKnownSecrets();
  const key = canaries.find((canary) => canary.kind === "anthropic")!.text;
  registerSecret(key, "ANTHROPIC_API_KEY");
  assert.equal(redact(`k=${key.slice(0, -1)}!`).includes(key.slice(20, 40)), false);
  assert.equal(redact(`prefix${key}suffix`), "prefixsk-ant-***suffix");
  clearKnownSecrets();
});

Deno.test("registerSecret ignores values shorter than 8 characters", () => {
  clearKnownSecrets();
  registerSecret("hunter2");
  assert.equal(redact("the hunter2 password"), "the hunter2 password");
  registerSecret("hunter22");
  assert.equal(redact("the hunter22 password"), "the *** password");
  clearKnownSecrets();
});

Deno.test("maskSecret keeps the recognised prefix only", () => {
  for (const canary of canaries.filter((candidate) => candidate.scope === "prefix")) {
    assert.equal(maskSecret(canary.text), `${canary.keep}***`, canary.name);
  }
  assert.equal(maskSecret("hunter2hunter2"), "***");
  assert.equal(maskSecret("0123456789abcdef0123456789abcdef", "azure-openai"), "***");
  assert.equal(maskSecret(""), "***");
});
