import assert from "node:assert/strict";
import {
  schemaSize,
  schemaStrings,
  withSchemaStrings,
} from "../../src/providers/schema_strings.ts";

const schema = {
  type: "object",
  properties: {
    "first\fname": { type: "string", enum: ["a\vb", ["deep\\\nvalue", 3, null, true]] },
    count: { type: "integer", minimum: 0 },
  },
  required: ["count"],
};

Deno.test("schemaStrings lists every property name and string value once, at any depth, decoded", () => {
  assert.deepEqual(schemaStrings(schema).sort(), [
    "a\vb",
    "count",
    "deep\\\nvalue",
    "enum",
    "first\fname",
    "integer",
    "minimum",
    "object",
    "properties",
    "required",
    "string",
    "type",
  ]);
});

Deno.test("withSchemaStrings changes names and values, keeping numbers, booleans, nulls and the shape", () => {
  const changed = withSchemaStrings(schema, (text) => text.toUpperCase());
  assert.deepEqual(changed, {
    TYPE: "OBJECT",
    PROPERTIES: {
      "FIRST\fNAME": { TYPE: "STRING", ENUM: ["A\vB", ["DEEP\\\nVALUE", 3, null, true]] },
      COUNT: { TYPE: "INTEGER", MINIMUM: 0 },
    },
    REQUIRED: ["COUNT"],
  });
  assert.deepEqual(schema.required, ["count"], "the schema given is left as it is");
});

Deno.test("withSchemaStrings gives undefined when two names of one object become one", () => {
  const schemaOf = { properties: { alpha: 1, beta: 2 } };
  assert.equal(withSchemaStrings(schemaOf, () => "same"), undefined);
  assert.deepEqual(withSchemaStrings({ a: { x: 1 }, b: { x: 2 } }, (text) => text), {
    a: { x: 1 },
    b: { x: 2 },
  });
});

Deno.test("withSchemaStrings keeps a property named __proto__ as a property", () => {
  const parsed = JSON.parse('{"properties":{"__proto__":{"type":"string"}}}');
  const changed = withSchemaStrings(parsed, (text) => text);
  assert.equal(JSON.stringify(changed), '{"properties":{"__proto__":{"type":"string"}}}');
  assert.equal(Object.getPrototypeOf(changed?.properties), Object.prototype);
});

Deno.test("schemaSize counts properties and array items at any depth", () => {
  assert.equal(schemaSize("text"), 0);
  assert.equal(schemaSize({}), 0);
  assert.equal(schemaSize({ a: 1, b: [1, 2, { c: 3 }] }), 6);
  assert.equal(schemaSize(JSON.parse('{"a": {"x": 1, "x": 2}}')), 2, "a repeated name is one");
});
