/**
 * A key split across two strings of a `--schema` that stand next to each
 * other in the document (two items of an array, the string values of two
 * consecutive properties, a property name and its value) is joined for
 * the check, as the pieces of a key cut by a line break are: `block`
 * refuses the request and `redact` sends no 12 characters of the key,
 * whether the first piece is a key by itself or not. Strings with another
 * string between them are not joined, and ordinary schemas are sent as
 * they are.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  mistralKey,
  openaiProjectKey,
} from "../credentials/_canaries.ts";
import { guardRequest, type OnSecret } from "../../src/providers/guard_request.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { blockSampler } from "./_guard_checks.ts";

/** Schemas that hold `head` and `tail` as adjacent strings. */
const PLACES: Record<string, (head: string, tail: string) => Record<string, unknown>> = {
  "array items": (head, tail) => ({ type: "string", examples: [head, tail] }),
  "nested enum items": (head, tail) => ({
    type: "object",
    properties: { pick: { type: "array", items: { enum: ["first", head, tail] } } },
  }),
  "consecutive values": (head, tail) => ({ type: "object", description: head, title: tail }),
  "name and value": (head, tail) => ({ type: "object", "x-notes": { [head]: tail } }),
};

/** What `policy` sends as the schema, or `undefined` when the request is refused. */
function sentSchema(jsonSchema: Record<string, unknown>, policy: OnSecret): string | undefined {
  try {
    const guarded = guardRequest(
      { messages: [{ role: "user", content: "fill it in" }], jsonSchema },
      "model",
      policy,
    );
    return JSON.stringify(guarded.request.jsonSchema);
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return undefined;
  }
}

function misses(secret: string): string[] {
  const found: string[] = [];
  // Block at every fourth cut, redact at every cut (blockSampler).
  const askBlock = blockSampler();
  for (const [place, build] of Object.entries(PLACES)) {
    for (let at = 1; at < secret.length; at++) {
      const [head, tail] = [secret.slice(0, at), secret.slice(at)];
      const schema = build(head, tail);
      if (askBlock([head, tail]) && sentSchema(schema, "block") !== undefined) {
        found.push(`${place} at ${at}: block sent it`);
      }
      const sent = sentSchema(schema, "redact");
      if (sent === undefined) continue;
      for (let from = 0; from + 12 <= secret.length; from++) {
        if (sent.includes(secret.slice(from, from + 12))) {
          found.push(`${place} at ${at}: redact sent a piece`);
          break;
        }
      }
    }
  }
  return found;
}

Deno.test("a patterned key split across adjacent --schema strings: block refuses, redact sends no piece", () => {
  for (const secret of [anthropicKey("ADJ"), openaiProjectKey("ADJ"), awsAccessKeyId("ADJ")]) {
    assert.deepEqual(misses(secret), []);
  }
});

Deno.test("a loaded key of no shape split across adjacent --schema strings: block refuses, redact sends no piece", () => {
  clearKnownSecrets();
  const loaded = mistralKey("ADJ");
  registerSecret(loaded, "mistral");
  try {
    assert.deepEqual(misses(loaded), []);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("ordinary schemas with adjacent strings, and pieces kept apart by another string, are sent as they are", () => {
  const secret = anthropicKey("APART");
  const schemas: Record<string, unknown>[] = [
    { type: "string", enum: ["sk-learn", "1.2.3", "numpy", "1.26.4"] },
    { type: "string", examples: ["3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39", "550e8400-e29b"] },
    {
      type: "object",
      description: "Version AKIA docs",
      title: "2024-01-01T00:00:00Z",
      properties: { id: { type: "string", pattern: "^[A-Za-z0-9_-]{36}$" } },
      required: ["id"],
    },
    // The two halves of a key with another string between them are not joined.
    { type: "string", examples: [secret.slice(0, 20), "between", secret.slice(20)] },
  ];
  for (const schema of schemas) {
    const text = JSON.stringify(schema);
    assert.equal(sentSchema(schema, "block"), text);
    assert.equal(sentSchema(schema, "redact"), text);
  }
});

Deno.test("under redact, a whole key in one string is masked and the ordinary string after it is sent", () => {
  const secret = anthropicKey("WHOLE");
  for (const title of ["Weather", "main.py", "Summary"]) {
    const sent = sentSchema({ type: "object", description: `key ${secret}`, title }, "redact");
    assert.ok(sent !== undefined && !sent.includes(secret.slice(-12)), title);
    assert.ok(sent.includes(`"title":"${title}"`), `${title}: ${sent}`);
  }
});
