/**
 * `omn redact`'s copy loop: read bytes into one reused buffer, redact, and
 * write the UTF-8 of the result from another, so that no buffer is
 * allocated per chunk.
 *
 * @module
 */
import { ByteRedactor } from "./byte_redactor.ts";

/** Where the bytes come from: `read` fills the start of `buffer`, or gives `null` at the end. */
export interface ByteSource {
  read(buffer: Uint8Array): Promise<number | null>;
}

/** Where the redacted bytes go: `write` writes a prefix of `bytes` and says how long. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<number>;
}

/**
 * Bytes asked of the source at a time (a pipe gives what it has ready):
 * 64 KiB keeps each decoded chunk out of V8's large-object space.
 */
export const READ_SIZE = 64 * 1024;

/**
 * Copies `source` to `sink` with every secret masked: the same bytes as
 * `redactStream` (`TextDecoderStream` → `RedactStream` → `TextEncoderStream`)
 * gives for the same input, however `read` splits it. The sink must be done
 * with the bytes it was given when its `write` settles (files and standard
 * output are): the buffer is then reused.
 *
 * @example
 * ```ts
 * import { redactReader } from "./redact_reader.ts";
 * await redactReader(Deno.stdin, Deno.stdout);
 * ```
 */
export async function redactReader(source: ByteSource, sink: ByteSink): Promise<void> {
  const input = new Uint8Array(READ_SIZE);
  const output = new Uint8Array(2 * READ_SIZE);
  const encoder = new TextEncoder();
  const redactor = new ByteRedactor();
  const write = async (text: string): Promise<void> => {
    let rest = text;
    while (rest.length > 0) {
      const { read, written } = encoder.encodeInto(rest, output);
      for (let offset = 0; offset < written;) {
        offset += await sink.write(output.subarray(offset, written));
      }
      rest = rest.slice(read);
    }
  };
  for (;;) {
    const count = await source.read(input);
    if (count === null) break;
    await write(redactor.push(input.subarray(0, count)));
  }
  await write(redactor.finish());
}
