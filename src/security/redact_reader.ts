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

/** Bytes asked of the source at a time (a pipe gives what it has ready). */
export const READ_SIZE = 1024 * 1024;

/**
 * Bytes redacted at a time: what is read is redacted in slices of up to
 * 64 KiB, which keeps each decoded text out of V8's large-object space,
 * each ending at a line break when one is near its end; their output is
 * written together, once per read.
 */
export const SLICE_SIZE = 64 * 1024;

/**
 * Copies `source` to `sink` with every secret masked: the same bytes as
 * `redactStream` (`TextDecoderStream` → `RedactStream` → `TextEncoderStream`)
 * gives for the same input, however `read` splits it. Everything read is
 * written before the next read. The sink must be done with the bytes it was
 * given when its `write` settles (files and standard output are): the
 * buffer is then reused.
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
  let filled = 0;
  // Bytes of `input` released unchanged, not written yet: after what `output` holds, if anything.
  let unchangedFrom = 0;
  let unchangedTo = 0;
  const writeAll = async (bytes: Uint8Array): Promise<void> => {
    for (let offset = 0; offset < bytes.length;) {
      offset += await sink.write(bytes.subarray(offset));
    }
  };
  const flush = async (): Promise<void> => {
    if (filled > 0) await writeAll(output.subarray(0, filled));
    filled = 0;
    if (unchangedTo > unchangedFrom) await writeAll(input.subarray(unchangedFrom, unchangedTo));
    unchangedFrom = unchangedTo = 0;
  };
  const add = async (text: string): Promise<void> => {
    if (unchangedTo > unchangedFrom) await flush();
    let rest = text;
    while (rest.length > 0) {
      const { read, written } = encoder.encodeInto(rest, output.subarray(filled));
      filled += written;
      if (read === rest.length) break;
      await flush();
      rest = rest.slice(read);
    }
  };
  for (;;) {
    const count = await source.read(input);
    if (count === null) break;
    for (let start = 0; start < count;) {
      const end = sliceEnd(input, start, count);
      const released = redactor.pushWithin(input, start, end);
      if (typeof released === "string") await add(released);
      else if (released.to > released.from) {
        // Written from `input` itself, after what `output` holds, without encoding it again.
        const pending = unchangedTo > unchangedFrom;
        if (filled > 0 || (pending && released.from !== unchangedTo)) await flush();
        if (unchangedTo === unchangedFrom) unchangedFrom = released.from;
        unchangedTo = released.to;
      }
      start = end;
    }
    await flush();
  }
  await add(redactor.finish());
  await flush();
}

/**
 * Where the slice of `input` from `start` ends: after its last line break
 * in its second half, if any, so that a slice seldom ends inside a line;
 * the last slice of a read too, whose unfinished line then goes alone,
 * short. The output is the same wherever a slice ends. A slice that ends a
 * line leaves no unfinished line for the redactor to search for the start
 * of a secret and hold back (measured: about 10% less CPU time on the log
 * of `scripts/bench_redact.sh`), and a short one is searched with the
 * regexes of only the patterns whose anchors or keys it holds
 * (`_short_text_rules.ts`): the regex of every pattern's unfinished start,
 * long to compile, is seldom needed.
 */
function sliceEnd(input: Uint8Array, start: number, count: number): number {
  const end = Math.min(count, start + SLICE_SIZE);
  const half = start + ((end - start) >> 1);
  const lineBreak = input.subarray(half, end).lastIndexOf(0x0a);
  return lineBreak < 0 ? end : half + lineBreak + 1;
}

/** A file read and written synchronously when it can be: standard input and output. */
export interface SyncFile {
  readSync(buffer: Uint8Array): number | null;
  read(buffer: Uint8Array): Promise<number | null>;
  writeSync(bytes: Uint8Array): number;
  write(bytes: Uint8Array): Promise<number>;
}

/**
 * A source over a file read synchronously (no hand-over to another thread
 * per chunk, which costs most on a busy machine), falling back to the
 * asynchronous call, tried again while it would block, when the file is in
 * non-blocking mode (a read that would block took nothing). For a filter
 * with nothing else to do while it waits.
 */
export function blockingSource(file: Pick<SyncFile, "readSync" | "read">): ByteSource {
  let blocking = true;
  return {
    read(buffer) {
      if (blocking) {
        try {
          return Promise.resolve(file.readSync(buffer));
        } catch (error) {
          if (!(error instanceof Deno.errors.WouldBlock)) throw error;
          blocking = false;
        }
      }
      return untilReady(() => file.read(buffer));
    },
  };
}

/**
 * The sink counterpart of {@linkcode blockingSource}, without its fallback: a
 * write that would block throws `Deno.errors.WouldBlock`, because part of it
 * may have gone through (Deno 2.9 buffers standard output and does not say
 * how much was taken), so trying again could repeat bytes.
 */
export function blockingSink(file: Pick<SyncFile, "writeSync">): ByteSink {
  return { write: (bytes) => Promise.resolve(file.writeSync(bytes)) };
}

/**
 * `call`, again after a short wait (1 ms, doubling up to 50 ms) each time it
 * would block: Deno's asynchronous reads of standard input in non-blocking
 * mode (a parent that set `O_NONBLOCK` on a shared pipe) fail with "Resource
 * temporarily unavailable" instead of waiting, having read nothing.
 */
async function untilReady<T>(call: () => Promise<T>): Promise<T> {
  for (let wait = 1;; wait = Math.min(50, 2 * wait)) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof Deno.errors.WouldBlock)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
