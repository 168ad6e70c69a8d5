/**
 * Review of the outgoing guard: a key wrapped inside a `--schema` string is
 * cut by a line break that the schema's JSON text writes as an escape
 * (`\n`), and a prompt can hold such an escaped break too (a pasted JSON or
 * source string). Both are refused under `block` and `redact`.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey } from "../credentials/_canaries.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { secretKindsIn } from "../../src/security/secret_kinds_in.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { blockSampler } from "./_guard_checks.ts";

const BREAKS = ["\n", "\r\n", "\r"];
const ESCAPED_BREAKS = ["\\n", "\\r\\n", "\\r", "\\u000a", "\\u000D\\u000A"];

/** Whether to ask block too: every fourth request of `missed` (blockSampler). */
const askBlock = blockSampler();

/** The policies of `policies` that refuse `request`. */
function refusedUnder(
  request: GenerateRequest,
  policies: readonly ("block" | "redact")[] = ["block", "redact"],
): string[] {
  const refused: string[] = [];
  for (const policy of policies) {
    try {
      guardRequest(request, "model", policy);
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      refused.push(policy);
    }
  }
  return refused;
}

/** Whether redact refuses `request`, and block too when it is asked (blockSampler). */
function isRefused(request: GenerateRequest): boolean {
  const policies = askBlock() ? ["block", "redact"] as const : ["redact"] as const;
  return refusedUnder(request, policies).length === policies.length;
}

function missed(secret: string): string[] {
  const misses: string[] = [];
  for (let at = 1; at < secret.length; at++) {
    const [head, tail] = [secret.slice(0, at), secret.slice(at)];
    // A head that is a key by itself is the open case below.
    if (secretKindsIn(head).length > 0) continue;
    for (const breakText of BREAKS) {
      const request: GenerateRequest = {
        messages: [{ role: "user", content: "fill it in" }],
        jsonSchema: { type: "object", description: `use ${head}${breakText}  ${tail} here` },
      };
      if (!isRefused(request)) misses.push(`schema ${JSON.stringify(breakText)} at ${at}`);
    }
    for (const escaped of ESCAPED_BREAKS) {
      const request: GenerateRequest = {
        messages: [{ role: "user", content: `const key = "${head}${escaped}${tail}";` }],
      };
      if (!isRefused(request)) misses.push(`prompt ${escaped} at ${at}`);
    }
  }
  return misses;
}

Deno.test("review: a patterned key wrapped in a --schema string or cut by an escaped break is refused", () => {
  assert.deepEqual(missed(anthropicKey("SCHEMA")), []);
});

Deno.test("review: a loaded key wrapped in a --schema string or cut by an escaped break is refused", () => {
  clearKnownSecrets();
  registerSecret(mistralKey("SCHEMA"), "mistral");
  try {
    assert.deepEqual(missed(mistralKey("SCHEMA")), []);
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("review: escaped breaks in ordinary text and paths are not secrets", () => {
  const texts = [
    'printf("hello\\nworld\\n");',
    "C:\\new\\runs\\report.txt",
    '{"text": "first line\\r\\nsecond line\\u000aa third"}',
  ];
  for (const content of texts) {
    assert.deepEqual(refusedUnder({ messages: [{ role: "user", content }] }), [], content);
  }
});

Deno.test("review: a patterned key cut after enough characters to match alone, even by blank lines: block refuses, redact sends no piece of it", () => {
  const secret = anthropicKey("OPEN");
  const sent = (content: string) => {
    try {
      const guarded = guardRequest({ messages: [{ role: "user", content }] }, "model", "redact");
      return guarded.request.messages[0].content;
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      return undefined; // refused: nothing sent
    }
  };
  for (let at = 1; at < secret.length; at++) {
    for (
      const breakText of [
        "\n",
        "\r\n",
        "\\\n",
        " \n  ",
        "\\n",
        "\u2028",
        "\v",
        "\\u000a",
        // Blank lines between the pieces, as block's joining skips them.
        "\n\n",
        "\r\r\n",
        "\n \n",
        "\r\n\t\r\n  ",
        "\\n\\n",
      ]
    ) {
      const content = `key:\n${secret.slice(0, at)}${breakText}${secret.slice(at)}\nthanks`;
      const where = `cut at ${at} by ${JSON.stringify(breakText)}`;
      if (askBlock([secret.slice(0, at), secret.slice(at)])) {
        assert.ok(
          refusedUnder({ messages: [{ role: "user", content }] }, ["block"]).length === 1,
          where,
        );
      }
      const text = sent(content);
      if (text === undefined) continue;
      for (let from = 0; from + 12 <= secret.length; from++) {
        assert.ok(!text.includes(secret.slice(from, from + 12)), `${where}: a piece was sent`);
      }
    }
  }
});

Deno.test("review: under redact, the first word of a paragraph after a key and a blank line stays (only a key-like piece is taken for its rest)", () => {
  for (const secret of [anthropicKey("PARAGRAPH"), mistralKey("PARAGRAPH")]) {
    clearKnownSecrets();
    registerSecret(mistralKey("PARAGRAPH"), "mistral");
    try {
      for (const word of ["Please summarise.", "main.py", "and words", "Thanks"]) {
        const content = `key: ${secret}\n\n${word}\n`;
        const guarded = guardRequest({ messages: [{ role: "user", content }] }, "model", "redact");
        const sent = guarded.request.messages[0].content;
        assert.ok(!sent.includes(secret.slice(-12)), word);
        assert.ok(sent.endsWith(`\n\n${word}\n`), `${word}: ${JSON.stringify(sent)}`);
      }
    } finally {
      clearKnownSecrets();
    }
  }
});
