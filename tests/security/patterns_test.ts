import assert from "node:assert/strict";
import { classifySecret, MAX_PATTERN_REACH, patterns } from "../../src/security/patterns.ts";
import { canaries, corpus } from "./_corpus.ts";

Deno.test("every pattern has one capturing group, a partial regex and a masked form", () => {
  for (const pattern of patterns) {
    const probe = new RegExp(`${pattern.source}|`).exec("");
    assert.equal(probe?.length, 2, `${pattern.kind}: one capturing group`);
    assert.ok(pattern.partial.endsWith("$"), `${pattern.kind}: partial is anchored at the end`);
    new RegExp(pattern.partial);
    assert.ok(pattern.masked.endsWith("***"), pattern.kind);
    assert.ok(pattern.label.length > 0 && pattern.anchors.length > 0, pattern.kind);
    assert.ok(pattern.reach > 0 && pattern.reach <= MAX_PATTERN_REACH, pattern.kind);
  }
});

Deno.test("the table covers every format of SECRET_FORMATS.md", () => {
  const kinds = new Set(patterns.map((pattern) => pattern.kind));
  for (
    const kind of [
      "openai",
      "openai-admin",
      "anthropic",
      "anthropic-admin",
      "aws-access-key-id",
      "aws-secret-access-key",
      "aws-session-token",
      "aws-bedrock-api-key",
      "google-api-key",
      "gcp-service-account",
      "azure-openai",
      "xai",
      "perplexity",
      "openrouter",
      "mistral",
      "cohere",
      "deepseek",
      "groq",
      "huggingface",
      "github",
      "slack",
      "slack-webhook",
      "jwt",
      "authorization-header",
      "api-key-header",
      "url-credentials",
      "private-key",
    ]
  ) {
    assert.ok(kinds.has(kind), kind);
  }
});

Deno.test("the naive patterns of the original notes are not used", () => {
  const naive = [
    "sk-[a-zA-Z0-9]{40,}",
    "sk-ant-[a-zA-Z0-9-]{40,}",
    "AKIA[A-Z0-9]{16}",
    "[a-zA-Z0-9]{32,}",
  ];
  for (const pattern of patterns) {
    for (const source of naive) assert.ok(!pattern.source.includes(source), pattern.kind);
  }
});

Deno.test("every match starts at one of its anchors and stays within its reach", () => {
  for (const pattern of patterns) {
    const regex = new RegExp(pattern.source, "g");
    for (const entry of corpus) {
      for (const match of entry.text.matchAll(regex)) {
        assert.ok(
          pattern.anchors.some((anchor) => match[0].startsWith(anchor)),
          `${pattern.kind} in ${entry.name}: "${match[0].slice(0, 20)}"`,
        );
        assert.ok(match[0].length + 1 <= pattern.reach, `${pattern.kind} in ${entry.name}`);
      }
    }
  }
});

Deno.test("classifySecret names every prefixed canary", () => {
  for (const canary of canaries.filter((candidate) => candidate.scope === "prefix")) {
    if (canary.kind === "slack-webhook") continue;
    assert.equal(classifySecret(canary.text)?.kind, canary.kind, canary.name);
  }
  for (const canary of canaries.filter((candidate) => candidate.scope === "context")) {
    assert.equal(classifySecret(canary.text), undefined, canary.name);
  }
  assert.equal(classifySecret("4f3c2a1b4f3c2a1b4f3c2a1b4f3c2a1b4f3c2a1b"), undefined);
});
