/**
 * A key wrapped inside a `--schema` string is found as it is found in a
 * prompt, whatever the break that cuts it: the JSON text of the schema
 * writes VT as `\u000b`, FF as `\f`, a tab as `\t` and a backslash as `\\`,
 * so each decoded string of the schema (property names and values, nested,
 * in arrays) is read as its own text too. Under `block` the request is
 * refused naming `--schema`, under `redact` no 12 characters of the key are
 * sent, under `allow` a warning names it. Benign schemas are sent unchanged.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  geminiKey,
  mistralKey,
  openaiProjectKey,
  openrouterKey,
} from "../credentials/_canaries.ts";
import { guardRequest, type OnSecret } from "../../src/providers/guard_request.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { RefusalError } from "../../src/core/errors.ts";

/** The breaks that cut the key, as a terminal, an editor or a paste leaves them. */
const BREAKS = [
  "\n",
  "\r\n",
  "\r",
  "\v",
  "\f",
  "\u2028",
  "\u2029",
  "\u0085",
  "\\\n",
  "\n\t\n",
  "\n\n",
  "\v\v",
  "\f\f",
  // Escaped breaks written literally in the schema's strings.
  "\\n\\n",
  "\\u000a\\u000a",
];

/** Where in the schema the cut key stands. */
const PLACES: Record<string, (text: string) => Record<string, unknown>> = {
  description: (text) => ({ type: "object", description: `use ${text} here` }),
  "property name": (text) => ({
    type: "object",
    properties: { [`field ${text} end`]: { type: "string" } },
  }),
  "nested array item": (text) => ({
    type: "object",
    properties: {
      choice: { type: "array", items: { enum: ["first", ["deeper", `see ${text} now`]] } },
    },
  }),
};

type Outcome = { refused: string } | { sent: GenerateRequest; warning?: string };

function outcome(jsonSchema: Record<string, unknown>, policy: OnSecret): Outcome {
  try {
    const guarded = guardRequest(
      { messages: [{ role: "user", content: "fill it in" }], jsonSchema },
      "model",
      policy,
    );
    return { sent: guarded.request, warning: guarded.warning };
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return { refused: error.message };
  }
}

/**
 * Of the cuts at `at` by the break at `breakIndex` in `place`, those tested
 * there, and under which policies. `redact` takes every cut by every break
 * in the description: a key it does not find is sent whole, and some piece
 * of it (at least 16 of 32 or more characters) reaches the body. The other
 * places differ from the description in how the string is reached in the
 * schema and masked back into it (a property name, an item of a nested
 * array), not in how it is read: `redact` takes each break there at every
 * fourth offset, the phase moving from break to break so that every offset
 * is cut by some break. `block` and `allow` read the request as `redact`
 * does (guardRequest finds the secrets before it looks at the policy, and
 * `redact` sending no piece means it found the key) and only act on what was
 * found, whatever the cut: they take each break at every sixteenth offset in
 * each place, the phase moving from break to break and from place to place.
 */
function policiesAt(place: string, at: number, breakIndex: number): OnSecret[] {
  const placeIndex = Object.keys(PLACES).indexOf(place);
  const redact = place === "description" || (at + breakIndex) % 4 === 0;
  const blockAndAllow = (at + breakIndex + 5 * placeIndex) % 16 === 0;
  return [
    ...(blockAndAllow ? ["block", "allow"] as const : []),
    ...(redact ? ["redact"] as const : []),
  ];
}

/** The failures for `secret` cut at every offset by every break in every place. */
function failures(secret: string): string[] {
  const misses: string[] = [];
  const pieces = Array.from(
    { length: secret.length - 11 },
    (_, from) => secret.slice(from, from + 12),
  );
  for (let at = 1; at < secret.length; at++) {
    BREAKS.forEach((breakText, breakIndex) => {
      const text = `${secret.slice(0, at)}${breakText}${secret.slice(at)}`;
      for (const [place, schemaOf] of Object.entries(PLACES)) {
        const where = `${place}, cut at ${at} by ${JSON.stringify(breakText)}`;
        const policies = policiesAt(place, at, breakIndex);
        if (policies.includes("block")) {
          const blocked = outcome(schemaOf(text), "block");
          if (!("refused" in blocked) || !blocked.refused.includes("--schema")) {
            misses.push(`block sent: ${where}`);
          }
        }
        if (policies.includes("redact")) {
          const redacted = outcome(schemaOf(text), "redact");
          if ("sent" in redacted) {
            const body = JSON.stringify(redacted.sent.jsonSchema);
            if (pieces.some((piece) => body.includes(piece))) {
              misses.push(`redact leaked: ${where}`);
            }
          }
        }
        if (policies.includes("allow")) {
          const allowed = outcome(schemaOf(text), "allow");
          if (!("sent" in allowed) || !allowed.warning?.includes("--schema")) {
            misses.push(`allow did not warn: ${where}`);
          }
        }
      }
    });
  }
  return misses;
}

for (
  const [name, secret] of Object.entries({
    "an Anthropic key": anthropicKey("SCHEMA"),
    "an OpenAI project key": openaiProjectKey("SCHEMA"),
    "an OpenRouter key": openrouterKey("5c"),
    "a Gemini key": geminiKey("SCHEMA"),
  })
) {
  Deno.test(`${name} cut by any break in any string of --schema: block refuses, redact sends no piece, allow warns`, () => {
    assert.deepEqual(failures(secret).slice(0, 20), []);
  });
}

Deno.test("a loaded key of no shape cut by any break in any string of --schema is found", () => {
  clearKnownSecrets();
  registerSecret(mistralKey("SCHEMA"), "mistral");
  try {
    assert.deepEqual(failures(mistralKey("SCHEMA")).slice(0, 20), []);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("redact masks a whole key in a property name and in array items, keeping the rest of the schema", () => {
  const secret = anthropicKey("WHOLE");
  const guarded = guardRequest(
    {
      messages: [{ role: "user", content: "fill it in" }],
      jsonSchema: {
        type: "object",
        properties: { [secret]: { type: "string", enum: ["plain", [`x\f${secret}\f`]] } },
      },
    },
    "model",
    "redact",
  );
  const body = JSON.stringify(guarded.request.jsonSchema);
  assert.ok(!body.includes(secret.slice(20, 32)), body);
  assert.ok(guarded.warning?.includes("--schema"));
  const properties = (guarded.request.jsonSchema as { properties: Record<string, unknown> })
    .properties;
  assert.equal(Object.keys(properties).length, 1);
  const [field] = Object.values(properties) as { type: string; enum: unknown[] }[];
  assert.equal(field.type, "string");
  assert.equal(field.enum[0], "plain");
});

Deno.test("redact refuses when two property names would mask to the same name", () => {
  const result = outcome(
    {
      type: "object",
      properties: {
        [anthropicKey("ONE")]: { type: "string" },
        [anthropicKey("TWO")]: { type: "number" },
      },
    },
    "redact",
  );
  assert.ok("refused" in result && result.refused.includes("--schema"), JSON.stringify(result));
  assert.ok(!result.refused.includes(anthropicKey("ONE").slice(20, 32)));
});

Deno.test("benign schemas with tabs, form feeds, backslashes, paths and patterns are sent unchanged under block", () => {
  const schemas: Record<string, unknown>[] = [
    { type: "object", description: "Columns:\tname\tsize\fPage two\vend" },
    { type: "string", pattern: "^[a-z]+\\d$" },
    { type: "string", pattern: "^C:\\\\Users\\\\[A-Za-z0-9_]+\\\\Documents$" },
    { type: "object", description: "Save to C:\\new\\runs\\report.txt or D:\\temp\\output" },
    { type: "object", description: "first line\\\nsecond line\n\tindented\n\nnext paragraph" },
    {
      type: "object",
      properties: {
        "path\\with\\backslashes": { type: "string", examples: ["a\tb", ["c\fd", "e\\nf"]] },
        regex: { type: "string", pattern: "^(?:\\w+\\.)+[A-Za-z]{2,}$" },
      },
      required: ["regex"],
    },
  ];
  for (const jsonSchema of schemas) {
    const result = outcome(jsonSchema, "block");
    assert.ok("sent" in result, JSON.stringify(result));
    assert.deepEqual(result.sent.jsonSchema, jsonSchema);
    assert.equal(result.warning, undefined);
  }
});
