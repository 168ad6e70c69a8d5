/**
 * The byte pipeline of `omn redact`: decode, redact as a stream, encode.
 *
 * @module
 */
import { RedactByteStream } from "./redact_byte_stream.ts";

/** Pipes `input` to `output` with every secret masked. */
export async function redactStream(
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
): Promise<void> {
  await input.pipeThrough(new RedactByteStream()).pipeTo(output);
}
