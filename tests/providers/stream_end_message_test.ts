/**
 * A reply that ends without its finish (the connection closed early, no
 * `finish_reason`) reads the same for every chat client: `PROVIDER: the
 * reply stream ended before the reply was complete`, not the compatible
 * package's own "Response stream ended without a finish reason." for custom
 * endpoints and Ollama. The text already received stays.
 */
import assert from "node:assert/strict";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import {
  chunk,
  type Flavor,
  modelOf,
  providerOf,
  sse,
  streamReply,
} from "./_openai_chat_differential.ts";

const ENDINGS: Record<string, string> = {
  "text then the end of the body": sse(chunk({ content: "Hi" })),
  "text then [DONE] without a finish": sse(chunk({ content: "Hi" }), "[DONE]"),
};

for (const flavor of ["openai", "compatible", "ollama"] as const satisfies Flavor[]) {
  for (const [name, body] of Object.entries(ENDINGS)) {
    Deno.test(`${flavor}: ${name} is a reply that ended before it was complete`, async () => {
      const model = await modelOf(
        "omn",
        "m",
        ((request: Request) => Promise.resolve(streamReply(body)(request))) as typeof fetch,
        undefined,
        flavor,
      );
      const events: unknown[] = [];
      let failure: Error | undefined;
      try {
        for await (
          const event of fromAiSdkModel(model, providerOf(flavor)).stream({
            messages: [{ role: "user", content: "hi" }],
          })
        ) events.push(event);
      } catch (error) {
        failure = error as Error;
      }
      assert.equal(
        failure?.message,
        `${providerOf(flavor)}: the reply stream ended before the reply was complete`,
      );
      assert.equal(failure?.constructor.name, "ProviderError");
      assert.equal((events[0] as { text?: string }).text, "Hi");
    });
  }
}
