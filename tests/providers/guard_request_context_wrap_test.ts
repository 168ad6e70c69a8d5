/**
 * Review: a secret known by the key before it (`client_secret=…`,
 * `MISTRAL_API_KEY=…`, `Authorization: Bearer …`) whose value a line break
 * cuts after enough characters for the first piece to be masked by itself
 * has the rest of its value masked under `redact` too, as a key found by its
 * prefix has: the continuation is read with the key before the value.
 * Before, the rest (up to 24 characters here) was sent.
 */
import assert from "node:assert/strict";
import { awsSecretAccessKey, mistralKey } from "../credentials/_canaries.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { redact } from "../../src/security/redact.ts";
import { canaryString } from "../security/_corpus.ts";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const CASES: [string, string][] = [
  ["client_secret=", canaryString(ALNUM, 40)],
  ["MISTRAL_API_KEY=", mistralKey("WRAP")],
  ["aws_secret_access_key = ", awsSecretAccessKey("WRAP")],
  ["Authorization: Bearer ", canaryString(ALNUM, 48)],
  ['"access_token": "', canaryString(ALNUM, 36)],
];
const BREAKS = ["\n", "\r\n", "\\n", "\n    "];

function sent(content: string): string | undefined {
  try {
    return guardRequest({ messages: [{ role: "user", content }] }, "model", "redact").request
      .messages[0].content;
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return undefined;
  }
}

Deno.test("review: the rest of a context key's value cut by a line break is not sent under redact", () => {
  const failures: string[] = [];
  for (const [context, value] of CASES) {
    for (const lineBreak of BREAKS) {
      for (let at = 1; at < value.length; at++) {
        // The first piece a secret by itself (a documented limit otherwise, when blanks or a
        // quote stand between the key and its value).
        const first = `${context}${value.slice(0, at)}`;
        if (redact(first) === first) continue;
        const content = `my config:\n${context}${value.slice(0, at)}${lineBreak}${
          value.slice(at)
        }\nthanks`;
        const text = sent(content);
        if (text === undefined) continue;
        for (let from = 0; from + 12 <= value.length; from++) {
          if (text.includes(value.slice(from, from + 12))) {
            failures.push(
              `sent ${JSON.stringify(value.slice(from, from + 12))} of ${context} cut at ${at} by ${
                JSON.stringify(lineBreak)
              }`,
            );
            break;
          }
        }
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), []);
});

Deno.test("review: a whole context value before a paragraph keeps the paragraph", () => {
  const value = canaryString(ALNUM, 40);
  const text = sent(`client_secret=${value}\n\nPlease review the rest of the file.`);
  assert.ok(text !== undefined && text.endsWith("\n\nPlease review the rest of the file."), text);
});
