/**
 * Checks that a `--schema` is a JSON Schema before any request is made: the
 * schema is validated against a meta-schema of the keywords whose values
 * have a fixed shape (`type`, `properties`, `required`, `items`, `enum`,
 * the numeric and length limits, `pattern`…), so that a typo such as
 * `"type": "strng"` or `"required": "name"` is refused at once (exit 2) with
 * the validator's message instead of after a paid request.
 *
 * @module
 */
import { Validator } from "@cfworker/json-schema";

const TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"];
const SCHEMA = { $ref: "#/$defs/schema" };
const SCHEMA_MAP = { type: "object", additionalProperties: SCHEMA };
const SCHEMA_LIST = { type: "array", minItems: 1, items: SCHEMA };
const COUNT = { type: "integer", minimum: 0 };

/** The meta-schema: the shape of each keyword's value, any other keyword allowed. */
const META_SCHEMA = {
  $ref: "#/$defs/schema",
  $defs: {
    schema: {
      type: ["object", "boolean"],
      properties: {
        type: {
          anyOf: [
            { enum: TYPES },
            { type: "array", items: { enum: TYPES }, minItems: 1, uniqueItems: true },
          ],
        },
        properties: SCHEMA_MAP,
        patternProperties: SCHEMA_MAP,
        $defs: SCHEMA_MAP,
        definitions: SCHEMA_MAP,
        dependentSchemas: SCHEMA_MAP,
        additionalProperties: SCHEMA,
        unevaluatedProperties: SCHEMA,
        propertyNames: SCHEMA,
        items: { anyOf: [SCHEMA, { type: "array", items: SCHEMA }] },
        prefixItems: SCHEMA_LIST,
        additionalItems: SCHEMA,
        unevaluatedItems: SCHEMA,
        contains: SCHEMA,
        not: SCHEMA,
        if: SCHEMA,
        then: SCHEMA,
        else: SCHEMA,
        allOf: SCHEMA_LIST,
        anyOf: SCHEMA_LIST,
        oneOf: SCHEMA_LIST,
        required: { type: "array", items: { type: "string" }, uniqueItems: true },
        enum: { type: "array" },
        minimum: { type: "number" },
        maximum: { type: "number" },
        exclusiveMinimum: { type: "number" },
        exclusiveMaximum: { type: "number" },
        multipleOf: { type: "number", exclusiveMinimum: 0 },
        minLength: COUNT,
        maxLength: COUNT,
        minItems: COUNT,
        maxItems: COUNT,
        minContains: COUNT,
        maxContains: COUNT,
        minProperties: COUNT,
        maxProperties: COUNT,
        uniqueItems: { type: "boolean" },
        pattern: { type: "string" },
        format: { type: "string" },
        title: { type: "string" },
        description: { type: "string" },
        $ref: { type: "string" },
        $id: { type: "string" },
        $schema: { type: "string" },
      },
    },
  },
};

/**
 * The validator's message when `schema` is not a valid JSON Schema, or
 * `undefined` when it is.
 *
 * @example
 * ```ts
 * checkJsonSchema({ type: "strng" });
 * // '#/type: Instance does not match any subschemas of "anyOf".' (and the detail)
 * ```
 */
export function checkJsonSchema(schema: unknown): string | undefined {
  const result = new Validator(
    META_SCHEMA as ConstructorParameters<typeof Validator>[0],
    "2020-12",
    false,
  ).validate(schema);
  if (!result.valid) {
    // The deepest errors say most; the wrappers ($ref, properties, anyOf) repeat them.
    const specific = result.errors.filter((error) =>
      !["$ref", "properties", "additionalProperties", "items", "allOf"].includes(error.keyword)
    );
    const chosen = (specific.length > 0 ? specific : result.errors).slice(-2);
    return chosen.map((error) => `${error.instanceLocation}: ${error.error}`).join("; ");
  }
  for (const pattern of patternsOf(schema)) {
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      return `pattern "${pattern}": ${(error as Error).message}`;
    }
  }
  return undefined;
}

/** Every `pattern` value and `patternProperties` key in a schema. */
function patternsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) patternsOf(item, found);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "pattern" && typeof child === "string") found.push(child);
      if (key === "patternProperties" && typeof child === "object" && child !== null) {
        found.push(...Object.keys(child));
      }
      patternsOf(child, found);
    }
  }
  return found;
}
