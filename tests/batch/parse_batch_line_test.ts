import assert from "node:assert/strict";
import { parseBatchLine } from "../../src/batch/parse_batch_line.ts";

Deno.test("parseBatchLine: a valid item, every field", () => {
  const line = JSON.stringify({
    id: "a",
    prompt: "hi",
    system: "be brief",
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.2,
    max_tokens: 64,
  });
  assert.deepEqual(parseBatchLine(line, 1), { kind: "item", item: JSON.parse(line) });
  assert.deepEqual(parseBatchLine('  {"id": 7, "prompt": "x"}\r', 2), {
    kind: "item",
    item: { id: 7, prompt: "x" },
  });
});

Deno.test("parseBatchLine: blank lines are blank", () => {
  assert.deepEqual(parseBatchLine("", 1), { kind: "blank" });
  assert.deepEqual(parseBatchLine("  \t", 1), { kind: "blank" });
});

Deno.test("parseBatchLine: not JSON, or not an object: the line number is the id", () => {
  const notJson = parseBatchLine("{oops", 3);
  assert.equal(notJson.kind, "malformed");
  assert.ok(notJson.kind === "malformed" && notJson.id === 3);
  assert.match((notJson as { message: string }).message, /^Line 3: not JSON: /);
  for (const text of ["[1, 2]", '"text"', "42", "null"]) {
    assert.deepEqual(parseBatchLine(text, 4), {
      kind: "malformed",
      id: 4,
      message: 'Line 4: expected a JSON object with "id" and "prompt"',
    });
  }
});

Deno.test("parseBatchLine: invalid fields are named; a usable id is kept", () => {
  assert.deepEqual(parseBatchLine('{"id": "a", "temperature": 3}', 5), {
    kind: "malformed",
    id: "a",
    message: 'Line 5: "prompt": required; "temperature": expected a number from 0 to 2',
  });
  assert.deepEqual(parseBatchLine('{"prompt": "x", "max_tokens": 0}', 6), {
    kind: "malformed",
    id: 6,
    message: 'Line 6: "id": required; "max_tokens": expected a whole number above 0',
  });
  assert.deepEqual(parseBatchLine('{"id": "", "prompt": "x"}', 7), {
    kind: "malformed",
    id: 7,
    message: 'Line 7: "id": expected a non-empty string (at most 200 characters) or a whole number',
  });
  assert.deepEqual(parseBatchLine('{"id": 1.5, "prompt": ""}', 8), {
    kind: "malformed",
    id: 8,
    message:
      'Line 8: "id": expected a non-empty string (at most 200 characters) or a whole number; "prompt": expected a non-empty string',
  });
});

Deno.test("parseBatchLine: unknown fields are refused with a suggestion", () => {
  assert.deepEqual(parseBatchLine('{"id": "a", "prompt": "x", "sytem": "y", "zzz": 1}', 9), {
    kind: "malformed",
    id: "a",
    message: 'Line 9: unknown field "sytem" (did you mean "system"?); unknown field "zzz"',
  });
});
