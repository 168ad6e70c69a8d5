/**
 * An error answer (400, 401, 404…: the statuses the retrying fetch hands on
 * without reading them) stays bounded in omn's own chat clients (OpenAI,
 * custom endpoints, Ollama): only the start of its body is read
 * (`MAX_ERROR_BODY_BYTES`), whatever its size, so an endless or huge body
 * (or a decompression bomb) cannot exhaust memory, and the error is one
 * short line naming the provider, the canary key absent.
 */
import assert from "node:assert/strict";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { MAX_ERROR_BODY_BYTES } from "../../src/providers/chat_completions_request.ts";
import {
  DIFFERENTIAL_KEY,
  endlessBody,
  type Flavor,
  modelOf,
  providerOf,
} from "./_openai_chat_differential.ts";

const PIECE = 64 * 1024;
const CAP = 64 * 1024 * 1024;

async function failureOf(flavor: Flavor, fetch: typeof globalThis.fetch): Promise<Error> {
  const model = await modelOf("omn", "m", fetch, undefined, flavor);
  const provider = providerOf(flavor);
  try {
    for await (
      const _ of fromAiSdkModel(model, provider).stream({
        messages: [{ role: "user", content: "hi" }],
      })
    );
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call did not fail");
}

const BODIES: Record<string, [number, string, string, string]> = {
  "a JSON error whose message never ends": [
    400,
    "application/json",
    `{"error":{"message":"bad ${DIFFERENTIAL_KEY} `,
    "x",
  ],
  "a text body that never ends": [401, "text/plain", `denied ${DIFFERENTIAL_KEY} `, "y "],
  "an HTML page that never ends": [404, "text/html", "<html><body>", "<p>z</p>\n"],
};

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const [name, [status, type, start, filler]] of Object.entries(BODIES)) {
    Deno.test(`${flavor}: an error answer with ${name} is read only to its start`, async () => {
      const stream = endlessBody(start, filler, CAP);
      const error = await failureOf(
        flavor,
        (() =>
          Promise.resolve(
            new Response(stream.body, { status, headers: { "content-type": type } }),
          )) as typeof fetch,
      );
      assert.ok(stream.sent() <= MAX_ERROR_BODY_BYTES + PIECE, `read ${stream.sent()} bytes`);
      assert.ok(error.message.startsWith(providerOf(flavor)), error.message);
      assert.ok(!error.message.includes("\n"), error.message);
      assert.ok(error.message.length <= 1000, `a message of ${error.message.length} characters`);
      assert.ok(!error.message.includes(DIFFERENTIAL_KEY.slice(20, 60)), error.message);
    });
  }
}

Deno.test("the start of an error body read is 64 KiB, as the retrying fetch reads of a retried one", () => {
  assert.equal(MAX_ERROR_BODY_BYTES, 64 * 1024);
});
