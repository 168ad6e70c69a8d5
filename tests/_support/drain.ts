/**
 * Reads what is left of a response body, for tests of a server that cuts
 * its streams: the text received until the stream ended or broke off (a
 * connection the server closed errors the read; that ends the drain too).
 *
 * @example
 * ```ts
 * await fake.close();
 * const rest = await drain(reader);
 * assert.ok(!rest.includes("[DONE]"), "close() cut the stream");
 * ```
 *
 * @module
 */

/** The rest of the stream as text (bytes decoded as UTF-8), however it ended. */
export async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  reader.releaseLock();
  return text + decoder.decode();
}
