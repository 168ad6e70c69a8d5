import assert from "node:assert/strict";
import { schemaStringSequences } from "../../src/providers/schema_strings.ts";

Deno.test("schema strings in document order: names and values, then values alone, repeats kept", () => {
  const schema = {
    type: "object",
    description: "a",
    properties: { x: { enum: ["b", "b", ["c", 1, null, "d"]] } },
    title: "e",
  };
  const [all, values] = schemaStringSequences(schema);
  assert.deepEqual(all, [
    "type",
    "object",
    "description",
    "a",
    "properties",
    "x",
    "enum",
    "b",
    "b",
    "c",
    "d",
    "title",
    "e",
  ]);
  assert.deepEqual(values, ["object", "a", "b", "b", "c", "d", "e"]);
});

Deno.test("a schema without string values has its property names only", () => {
  assert.deepEqual(schemaStringSequences({ minimum: 1, items: [true, null] }), [
    ["minimum", "items"],
    [],
  ]);
});
