/**
 * Streaming redaction of UTF-8 bytes: decode, redact, encode in one stage.
 *
 * @module
 */
import { ByteRedactor } from "./byte_redactor.ts";

/**
 * A `TransformStream<Uint8Array, Uint8Array>` equal to
 * `TextDecoderStream` → `RedactStream` → `TextEncoderStream`, in one stage
 * (see {@linkcode ByteRedactor}): the output is the UTF-8 of `redact` of the
 * decoded input, however the input is split.
 *
 * @example
 * ```ts
 * import { RedactByteStream } from "./redact_byte_stream.ts";
 * await Deno.stdin.readable.pipeThrough(new RedactByteStream()).pipeTo(Deno.stdout.writable);
 * ```
 */
export class RedactByteStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor() {
    const redactor = new ByteRedactor();
    const encoder = new TextEncoder();
    super({
      transform(chunk, controller) {
        const output = redactor.push(chunk);
        if (output.length > 0) controller.enqueue(encoder.encode(output));
      },
      flush(controller) {
        const output = redactor.finish();
        if (output.length > 0) controller.enqueue(encoder.encode(output));
      },
    });
  }
}
