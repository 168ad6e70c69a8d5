/**
 * An error answer that says nothing (an empty or blank `message`, an empty
 * body, no reason phrase) still gives a message that names the problem:
 * `openai returned 400: no message`, never a line ending in `: `.
 */
import assert from "node:assert/strict";
import { type Flavor, omnStreamOf, providerOf } from "./_openai_chat_differential.ts";

const BODIES = ['{"error":{"message":""}}', '{"error":{"message":"  \\n "}}', "", "   "];

async function failureOf(flavor: Flavor, status: number, body: string): Promise<Error> {
  const fetch =
    (() =>
      Promise.resolve(new Response(body, { status, statusText: "" }))) as typeof globalThis.fetch;
  const { error } = await omnStreamOf(flavor, fetch, "m");
  if (error === undefined) throw new Error("the call did not fail");
  return error;
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
