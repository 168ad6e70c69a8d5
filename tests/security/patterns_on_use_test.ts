import assert from "node:assert/strict";
import { encodedContextPattern } from "../../src/security/encoded_context_pattern.ts";
import { MASK, patterns } from "../../src/security/patterns.ts";

// The encoded key rules' regexes are built on first use; the fields the engine reads for every
// text are written out in patterns.ts. They must be what encodedContextPattern gives.
Deno.test("the encoded key rules' fields besides their regexes are encodedContextPattern's", () => {
  const encoded = patterns.filter((pattern) =>
    pattern.kind === "credential-assignment" && pattern.anchors.includes("&")
  );
  assert.equal(encoded.length, 2);
  for (const pattern of encoded) {
    const built = encodedContextPattern({
      keys: pattern.keys!,
      keyRegex: "key",
      operator: "=",
      schemes: "bearer",
      tail: "[a-z]",
      mask: MASK,
      value: pattern.anchors[0] === "%" ? "credential" : "any",
    });
    const { source: _source, partial: _partial, ...fields } = built;
    for (const [name, value] of Object.entries(fields)) {
      assert.deepEqual(
        pattern[name as keyof typeof pattern],
        value,
        `${pattern.anchors[0]} ${name}`,
      );
    }
  }
});

Deno.test("a rule whose regexes are built on use gives the same regexes every time", () => {
  for (const pattern of patterns) {
    assert.equal(pattern.source, pattern.source, pattern.kind);
    assert.equal(pattern.partial, pattern.partial, pattern.kind);
    assert.equal({ ...pattern }.source, pattern.source, pattern.kind);
  }
});
