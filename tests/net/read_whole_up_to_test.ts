import assert from "node:assert/strict";
import { readWholeUpTo } from "../../src/net/read_body.ts";
import { MAX_MANAGER_ANSWER_BYTES, readJson } from "../../src/secrets/_http.ts";

/** A body of `size` bytes in 64 KiB reads (endless when `size` is Infinity), telling when cancelled. */
function body(size: number, filler = 0x20) {
  const cancelled = Promise.withResolvers<void>();
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const length = Math.min(65536, size - sent);
      sent += length;
      controller.enqueue(new Uint8Array(length).fill(filler));
    },
    cancel: () => cancelled.resolve(),
  }, { highWaterMark: 0 });
  return { response: new Response(stream), cancelled: cancelled.promise };
}

Deno.test("readWholeUpTo: a body of the limit is read whole; a byte more, or an endless one, gives undefined and is cancelled", async () => {
  const limit = 200_000;
  assert.equal((await readWholeUpTo(body(limit).response, limit))?.length, limit);
  for (const size of [limit + 1, Infinity]) {
    const { response, cancelled } = body(size);
    assert.equal(await readWholeUpTo(response, limit), undefined);
    await cancelled;
  }
  assert.equal(await readWholeUpTo(new Response(null), limit), "");
});

Deno.test("a secret manager's endless answer is not JSON and is not held (readJson stops at 1 MiB)", async () => {
  assert.equal(MAX_MANAGER_ANSWER_BYTES, 1024 * 1024);
  const { response, cancelled } = body(Infinity);
  assert.equal(await readJson(response), undefined);
  await cancelled;
  const json = JSON.stringify({ data: { data: { value: "x".repeat(60_000) } } });
  assert.deepEqual(await readJson(new Response(json)), JSON.parse(json));
});
