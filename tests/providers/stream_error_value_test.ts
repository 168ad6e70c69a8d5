/**
 * An error a reply stream carries is reported on one line, prefixed with the
 * provider, whatever its shape: an object without a message, a nested
 * object, null, a number, an array, an empty object, a multi-line string,
 * a string with escape sequences, a secret. Never `[object Object]`, a bare
 * `null`, a raw control character or a key; always a provider error (exit 1,
 * `error_type` `provider_error` unless the error says more). For omn's
 * OpenAI client and its OpenAI-compatible client (custom endpoints, Ollama),
 * before any text and after some.
 */
import assert from "node:assert/strict";
import {
  chunk,
  type Flavor,
  modelOf,
  providerOf,
  sse,
  streamReply,
} from "./_openai_chat_differential.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { ExitCode, OmnError } from "../../src/core/errors.ts";

import { errorTypeOf } from "../../src/core/error_type.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

const KEY = openaiProjectKey("STREAMERRORVALUE");

const SHAPES: Record<string, unknown> = {
  "an object without a message": { type_: "x", detail: "no message here" },
  "a nested message": { message: { nested: "deep msg" }, type: "server_error" },
  "null": null,
  "a number": 42,
  "an array": [1, "two", { three: 3 }],
  "an empty object": {},
  "a multi-line string": "first line\nsecond line\r\nthird line",
  "a string with escape sequences": "bad \x1b]52;c;ZXZpbA==\x07 \x1b[2J\x9b31m end",
  "a message with escape sequences": { message: "bad\x1b[31m red\nnext", type: "x\x1b[1m\ny" },
  "a secret in a string": `bad key ${KEY}`,
  "a secret in an object": { detail: { key: KEY } },
  "a long string": "x".repeat(5000),
};

async function errorOf(flavor: Flavor, body: string): Promise<unknown> {
  const fetch =
    (() => Promise.resolve(streamReply(body)(new Request("http://x")))) as typeof globalThis.fetch;
  const model = await modelOf("omn", "gpt-4o-mini", fetch, undefined, flavor);
  try {
    for await (
      const _ of fromAiSdkModel(model, providerOf(flavor)).stream({
        messages: [{ role: "user", content: "hi" }],
      })
    );
  } catch (error) {
    return error;
  }
  return undefined;
}

const FRAMES = {
  "with empty choices": (value: unknown) => ({ choices: [], error: value }),
  "alone": (value: unknown) => ({ error: value }),
};

for (const flavor of ["openai", "compatible", "ollama"] as Flavor[]) {
  for (const [name, value] of Object.entries(SHAPES)) {
    for (const [frameName, frameOf] of Object.entries(FRAMES)) {
      for (const when of ["before any text", "after some text"]) {
        Deno.test(`${flavor}: an error frame ${frameName} that is ${name}, ${when}: one clean line, a provider error`, async () => {
          const frame = frameOf(value);
          const body = when === "before any text"
            ? sse(frame)
            : sse(chunk({ content: "partial " }), frame);
          const error = await errorOf(flavor, body);
          assert.ok(error instanceof OmnError, `not an omn error: ${String(error)}`);
          const provider = providerOf(flavor);
          assert.ok(error.message.startsWith(`${provider}`), error.message);
          assert.ok(
            // deno-lint-ignore no-control-regex
            !/[\x00-\x1f\x7f-\x9f]/.test(error.message),
            `a control character: ${JSON.stringify(error.message)}`,
          );
          assert.ok(!error.message.includes("[object Object]"), error.message);
          assert.ok(
            /^\S+( sent an error in the reply stream)?: \S/.test(error.message),
            error.message,
          );
          assert.ok(!error.message.includes(KEY), "the key appears");
          assert.ok(error.message.length <= 600, `${error.message.length} characters`);
          assert.equal(error.exitCode, ExitCode.Runtime);
          // OpenAI's chunk schema reads `{"choices":[],"error":…}` as an empty chunk, as the SDK does.
          if (flavor !== "openai" || frameName === "alone") {
            assert.match(
              error.message,
              new RegExp(`^${provider} sent an error in the reply stream: \\S`),
            );
          }
          assert.ok(
            ["provider_error", "server_error", "invalid_request"].includes(errorTypeOf(error)),
            errorTypeOf(error),
          );
        });
      }
    }
  }
}
