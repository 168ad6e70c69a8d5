/**
 * The byte pipeline of `omn redact`: decode, redact as a stream, encode.
 *
 * @module
 */
import { RedactStream } from "./redact_stream.ts";

/** Pipes `input` to `output` with every secret masked. */
export async function redactStream(
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
): Promise<void> {
  await input
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new RedactStream())
    .pipeThrough(new TextEncoderStream())
    .pipeTo(output);
}
