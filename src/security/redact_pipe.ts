/**
 * The byte pipeline of `omn redact` over web streams: the same copy loop as
 * the fast path (`redactReader`), with a source and a sink over streams.
 *
 * @module
 */
import { type ByteSink, type ByteSource, redactReader } from "./redact_reader.ts";

/**
 * Pipes `input` to `output` with every secret masked, as `redactReader`
 * does; `output` is closed at the end. On an error both are ended with it
 * (`input` cancelled, `output` aborted) and it is thrown.
 *
 * @example
 * ```ts
 * import { redactStream } from "./redact_pipe.ts";
 * await redactStream(Deno.stdin.readable, Deno.stdout.writable);
 * ```
 */
export async function redactStream(
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
): Promise<void> {
  const reader = input.getReader();
  const writer = output.getWriter();
  try {
    await redactReader(readerSource(reader), writerSink(writer));
  } catch (error) {
    await Promise.allSettled([reader.cancel(error), writer.abort(error)]);
    throw error;
  }
  reader.releaseLock();
  await writer.close();
}

/** A source that copies a stream's chunks into the buffer it is given, in as many reads as they need. */
function readerSource(reader: ReadableStreamDefaultReader<Uint8Array>): ByteSource {
  let chunk: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return {
    async read(buffer) {
      while (offset >= chunk.length) {
        const { done, value } = await reader.read();
        if (done) return null;
        chunk = value;
        offset = 0;
      }
      const count = Math.min(buffer.length, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + count));
      offset += count;
      return count;
    },
  };
}

/** A sink that writes a copy of what it is given (the loop reuses its buffer) and waits for the write. */
function writerSink(writer: WritableStreamDefaultWriter<Uint8Array>): ByteSink {
  return {
    async write(bytes) {
      await writer.write(bytes.slice());
      return bytes.length;
    },
  };
}
