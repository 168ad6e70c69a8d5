/**
 * The program's standard streams. Everything written through an {@linkcode Io}
 * passes through the redaction module: data on stdout as a stream (a secret
 * split across two writes is still masked), messages on stderr line by line.
 * On a terminal, control characters in that text (escape sequences from a
 * provider) are shown in visible form rather than obeyed.
 *
 * No web stream is involved unless a command asks for one (`stdin`,
 * `rawStdout`): the process's streams are opened on first use, and data
 * goes to stdout through `IoStreams.writeStdout`, since loading Deno's
 * streams costs every start that touches them some 10 ms.
 *
 * @module
 */
import { stdinReadError } from "./stdin_read_error.ts";
import { redact } from "../security/redact.ts";
import { IncrementalRedactor } from "../security/incremental_redactor.ts";
import { ControlNeutralizer, neutralizeControls } from "../security/neutralize_controls.ts";
import { stdoutWritable, writeAllToStdout } from "./stdout_writable.ts";

/** Message levels on stderr. */
export type MessageLevel = "error" | "warn" | "info" | "debug";

/** Display settings from the global flags. */
export interface IoSettings {
  /** `--quiet`: only data and errors. */
  quiet: boolean;
  /** `--verbose`: debug messages too. */
  verbose: boolean;
  /** Colours on stderr (a terminal, no `--no-color`, no `NO_COLOR`). */
  color: boolean;
}

/** The standard streams as commands see them. */
export interface Io {
  /** Raw standard input. */
  readonly stdin: ReadableStream<Uint8Array>;
  /** All of standard input, decoded as UTF-8 (read to its end). */
  readAllStdin(): Promise<string>;
  /** Whether each stream is a terminal. */
  readonly stdinIsTerminal: boolean;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** Display settings; commands may read them, the CLI sets them from global flags. */
  settings: IoSettings;
  /** Writes data to stdout through the streaming redactor. */
  write(text: string): Promise<void>;
  /**
   * Raw stdout for a command that runs its own redacting pipeline over
   * the whole stream (`omn redact`); nothing else may use it.
   */
  readonly rawStdout: WritableStream<Uint8Array>;
  /** Writes one redacted message line to stderr, filtered by level and settings. */
  message(level: MessageLevel, text: string): void;
  /**
   * Shows a one-line status on stderr (progress), redrawn in place by the
   * next call and cleared with `undefined` or by any message. Shown only
   * when stderr is a terminal and `--quiet` is off; otherwise ignored.
   */
  status(text: string | undefined): void;
  /** Flushes what the stdout redactor holds back and closes stdout. */
  close(): Promise<void>;
}

/** The byte sinks under an {@linkcode Io}. */
export interface IoStreams {
  stdin: ReadableStream<Uint8Array>;
  stdout: WritableStream<Uint8Array>;
  writeStderr: (bytes: Uint8Array) => void;
  /**
   * Writes all of `bytes` to stdout without `stdout`'s stream (the
   * process's stdout; it is then never closed, the process's exit closes
   * it). Without it, data goes through `stdout`, closed by `Io.close`.
   */
  writeStdout?: (bytes: Uint8Array) => Promise<void>;
  /** Reads all of stdin without `stdin`'s stream (the process's stdin). */
  readStdin?: () => Promise<Uint8Array>;
  stdinIsTerminal: boolean;
  stdoutIsTerminal: boolean;
  stderrIsTerminal: boolean;
}

/** Carriage return, then erase the line: where a status line is drawn. */
const CLEAR_LINE = "\r\x1b[2K";

const PREFIX: Record<MessageLevel, [plain: string, colored: string]> = {
  error: ["error: ", "\x1b[31merror\x1b[0m: "],
  warn: ["warning: ", "\x1b[33mwarning\x1b[0m: "],
  info: ["", ""],
  debug: ["debug: ", "\x1b[2mdebug\x1b[0m: "],
};

/** Builds an {@linkcode Io} over the given byte sinks. */
export function createIo(streams: IoStreams, settings: IoSettings): Io {
  const encoder = new TextEncoder();
  let statusShown = false;
  // Messages are best effort: a stderr that cannot take them (full, or a reader gone) changes
  // neither the run nor its exit code, and has no place left to be told.
  const writeStderr = (text: string) => {
    try {
      streams.writeStderr(encoder.encode(text));
    } catch {
      // dropped
    }
  };
  const clearStatus = () => {
    if (!statusShown) return;
    writeStderr(CLEAR_LINE);
    statusShown = false;
  };
  const stdout = stdoutWriter(streams);
  const redactor = new IncrementalRedactor();
  // On a terminal, control sequences in the text are shown, never obeyed; piped, bytes are exact.
  const neutralizer = streams.stdoutIsTerminal ? new ControlNeutralizer() : undefined;
  const writeText = (text: string) =>
    stdout.write(encoder.encode(neutralizer ? neutralizer.push(text) : text));
  let usedRaw = false;
  const io: Io = {
    get stdin() {
      return streams.stdin;
    },
    async readAllStdin() {
      if (streams.readStdin) return new TextDecoder().decode(await streams.readStdin());
      return await new Response(streams.stdin).text();
    },
    stdinIsTerminal: streams.stdinIsTerminal,
    stdoutIsTerminal: streams.stdoutIsTerminal,
    stderrIsTerminal: streams.stderrIsTerminal,
    settings,
    get rawStdout() {
      usedRaw = true;
      return streams.stdout;
    },
    async write(text: string) {
      if (text.length > 0) await writeText(redactor.push(text));
    },
    message(level: MessageLevel, text: string) {
      if (level === "debug" && !io.settings.verbose) return;
      if ((level === "info" || level === "warn") && io.settings.quiet) return;
      const prefix = PREFIX[level][io.settings.color ? 1 : 0];
      const redacted = redact(text).replace(/\r?\n$/, "");
      const line = streams.stderrIsTerminal ? neutralizeControls(redacted) : redacted;
      clearStatus();
      writeStderr(`${prefix}${line}\n`);
    },
    status(text: string | undefined) {
      if (text === undefined) return clearStatus();
      if (!streams.stderrIsTerminal || io.settings.quiet) return;
      const line = neutralizeControls(redact(text).replace(/[\r\n]+/g, " "));
      writeStderr(`${CLEAR_LINE}${line}`);
      statusShown = true;
    },
    async close() {
      if (stdout.used) {
        const tail = redactor.finish();
        await stdout.write(
          encoder.encode(neutralizer ? neutralizer.push(tail) + neutralizer.finish() : tail),
        );
        await stdout.close();
      } else if (!usedRaw && !streams.writeStdout) {
        await streams.stdout.close().catch(() => {});
      }
    },
  };
  return io;
}

/** Bytes of data on stdout that may wait for the write in progress before `write` waits too. */
const STDOUT_BACKLOG = 65536;

/**
 * The byte sink of data on stdout: `writeStdout`, else a writer of
 * `stdout`, opened on the first write. Writes go out in order; what comes
 * while one is in progress waits, up to {@linkcode STDOUT_BACKLOG} bytes
 * without holding up the caller, and goes out with the next (a streamed
 * reply costs a few writes, not one per piece). Once a write fails (a
 * closed stdout, `omn … | head -1`: BrokenPipe), what waits is dropped, and
 * every later write and `close` fail with the same error; the process does not.
 */
function stdoutWriter(streams: IoStreams) {
  let writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  let waiting: Uint8Array[] = [];
  let waitingBytes = 0;
  let flushing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const send = (bytes: Uint8Array) => {
    if (streams.writeStdout) return streams.writeStdout(bytes);
    writer ??= streams.stdout.getWriter();
    return writer.write(bytes);
  };
  const flush = async () => {
    try {
      while (waiting.length > 0) {
        const batch = concatBytes(waiting);
        waiting = [];
        waitingBytes = 0;
        await send(batch);
      }
    } catch (error) {
      failure = { error };
      waiting = [];
      waitingBytes = 0;
      throw error;
    } finally {
      flushing = undefined;
    }
  };
  const sink = {
    used: false,
    write(bytes: Uint8Array): Promise<void> {
      sink.used = true;
      if (failure) return Promise.reject(failure.error);
      if (bytes.length === 0) return flushing ?? Promise.resolve();
      waiting.push(bytes);
      waitingBytes += bytes.length;
      if (flushing === undefined) {
        flushing = flush();
        flushing.catch(() => {});
      }
      return waitingBytes > STDOUT_BACKLOG ? flushing : Promise.resolve();
    },
    async close(): Promise<void> {
      while (flushing !== undefined) await flushing.catch(() => {});
      if (failure) throw failure.error;
      await writer?.close();
    },
  };
  return sink;
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** The process's real standard streams, for `main.ts`; the web streams open on first use. */
export function processStreams(): IoStreams {
  let stdin: ReadableStream<Uint8Array> | undefined;
  let stdout: WritableStream<Uint8Array> | undefined;
  return {
    get stdin() {
      return stdin ??= explainedStdin(Deno.stdin.readable);
    },
    get stdout() {
      return stdout ??= stdoutWritable();
    },
    writeStderr: (bytes) => {
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    },
    writeStdout: (bytes) => writeAllToStdout(bytes),
    readStdin: async () => {
      const chunks: Uint8Array[] = [];
      const buffer = new Uint8Array(65536);
      try {
        for (let count = await Deno.stdin.read(buffer); count !== null;) {
          chunks.push(buffer.slice(0, count));
          count = await Deno.stdin.read(buffer);
        }
      } catch (error) {
        throw stdinReadError(error);
      }
      return concatBytes(chunks);
    },
    stdinIsTerminal: Deno.stdin.isTerminal(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
  };
}

/** `stdin`, its read errors reported as {@linkcode stdinReadError} says. */
function explainedStdin(stdin: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = stdin.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(stdinReadError(error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
    // Read only when asked, as Deno's own stream: a terminal prompt may read stdin itself.
  }, { highWaterMark: 0 });
}
