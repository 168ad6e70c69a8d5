/**
 * A stdout whose reader goes away (`omn … | head -c 1`), for the tests of
 * what a run does when its output is cut.
 *
 * @module
 */

/** A stdout whose reader left after `accepted` writes: each later write is a broken pipe. */
export function closingStdout(accepted: number): WritableStream<Uint8Array> {
  let writes = 0;
  return new WritableStream({
    write() {
      writes++;
      if (writes > accepted) throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
  });
}
