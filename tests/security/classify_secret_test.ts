import assert from "node:assert/strict";
import { classifySecret, patterns } from "../../src/security/patterns.ts";
import { benign, canaries, corpus } from "./_corpus.ts";

/** The classifier as one alternation of every shape, in table order. */
function reference(value: string): string | undefined {
  const shaped = patterns.filter((pattern) => pattern.shape !== undefined);
  const match = new RegExp(`^(?:${shaped.map((pattern) => `(${pattern.shape})`).join("|")})$`)
    .exec(value);
  if (match === null) return undefined;
  return shaped[match.slice(1).findIndex((group) => group !== undefined)].kind;
}

Deno.test("classifySecret finds what one alternation of every shape finds", () => {
  const values = [
    ...canaries.flatMap((canary) => [canary.text, ...(canary.hide ?? [])]),
    ...corpus.slice(0, 300).map((entry) => entry.text),
    ...benign.map((entry) => entry.text),
    ...canaries.map((canary) => canary.text.slice(0, -1)),
    ...canaries.map((canary) => `${canary.text}x`),
    ...canaries.map((canary) => ` ${canary.text}`),
    "sk-" + "a".repeat(32),
    "sk-" + "0123456789abcdef".repeat(2),
    "AKIA" + "Q".repeat(16),
    "AKIAIOSFODNN7EXAMPLE",
  ];
  for (const value of values) {
    assert.equal(classifySecret(value)?.kind, reference(value), JSON.stringify(value.slice(0, 40)));
  }
});

Deno.test("a value of a shape holds one of its pattern's anchors", () => {
  for (const canary of canaries) {
    const pattern = classifySecret(canary.text);
    if (pattern === undefined) continue;
    assert.ok(pattern.anchors.some((anchor) => canary.text.includes(anchor)), canary.name);
  }
});
