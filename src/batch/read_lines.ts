/**
 * Lines of a byte stream, read as they arrive (constant memory whatever the
 * stream's length).
 *
 * @module
 */

/**
 * The lines of `stream` as UTF-8 text, without their `\n` or `\r\n`; a last
 * line without a line break is yielded too.
 *
 * @example
 * ```ts
 * import { readLines } from "./read_lines.ts";
 * for await (const line of readLines(new Blob(["a\r\nb\nc"]).stream())) console.log(line); // a, b, c
 * ```
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n", start)) {
      yield stripCarriageReturn(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== "") yield stripCarriageReturn(pending);
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
