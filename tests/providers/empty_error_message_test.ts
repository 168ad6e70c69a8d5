/**
 * An error answer that says nothing (an empty or blank `message`, an empty
 * body, no reason phrase) still gives a message that names the problem:
 * `openai returned 400: no message`, never a line ending in `: `.
 */
import assert from "node:assert/strict";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { type Flavor, modelOf, providerOf } from "./_openai_chat_differential.ts";

const BODIES = ['{"error":{"message":""}}', '{"error":{"message":"  \\n "}}', "", "   "];

async function failureOf(flavor: Flavor, status: number, body: string): Promise<Error> {
  const model = await modelOf(
    "omn",
    "m",
    (() => Promise.resolve(new Response(body, { status, statusText: "" }))) as typeof fetch,
    undefined,
    flavor,
  );
  try {
    for await (
      const _ of fromAiSdkModel(model, providerOf(flavor)).stream({
        messages: [{ role: "user", content: "hi" }],
      })
    );
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call did not fail");
}

for (const flavor of ["openai", "compatible", "ollama"] as const) {
  for (const body of BODIES) {
    for (const status of [400, 404, 422]) {
      Deno.test(`${flavor}: a ${status} with the body ${JSON.stringify(body)} names the problem`, async () => {
        const error = await failureOf(flavor, status, body);
        assert.equal(error.message, `${providerOf(flavor)} returned ${status}: no message`);
      });
    }
  }
}
