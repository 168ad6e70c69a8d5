/**
 * `omn models NAME --refresh` reads the provider's model list within a bound.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import { listLiveModels, MAX_MODEL_LIST_BYTES } from "../../src/providers/list_live_models.ts";

Deno.test("a model list that never ends is cancelled at its bound, not read into memory", async () => {
  // review: listLiveModels read the answer with response.text(), unbounded: an endpoint that
  // streams forever (omn models NAME --refresh) made omn hold all of it until memory ran out.
  let sent = 0;
  let cancelled = false;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      // Ends only well past the bound, so that an unbounded read finishes (and fails) too.
      if (sent > MAX_MODEL_LIST_BYTES + (8 << 20)) return controller.close();
      sent += 1 << 20;
      controller.enqueue(new Uint8Array(1 << 20).fill(0x20));
    },
    cancel() {
      cancelled = true;
    },
  });
  const fetch = () => Promise.resolve(new Response(endless, { status: 200 }));
  await assert.rejects(
    listLiveModels(
      "local",
      "http://127.0.0.1:9/v1",
      { provider: "local", fields: {}, missing: [] },
      fetch as typeof globalThis.fetch,
    ),
    (error: Error) => error instanceof ProviderError && /larger than/.test(error.message),
  );
  assert.ok(cancelled);
  assert.ok(sent <= MAX_MODEL_LIST_BYTES + (2 << 20), String(sent));
});
