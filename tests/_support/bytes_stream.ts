/**
 * Bytes as a stream of 64 KiB chunks, each a fresh copy (as reads from a
 * pipe give), for the stdin of in-process runs: a `Blob`'s stream of 20 MiB
 * cost more CPU than the command that read it.
 *
 * @module
 */

/** The size of each chunk. */
export const CHUNK_BYTES = 65536;

/** `data` (text as UTF-8) as a stream of chunks of at most {@linkcode CHUNK_BYTES}. */
export function bytesStream(data: string | Uint8Array = ""): ReadableStream<Uint8Array> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
}
