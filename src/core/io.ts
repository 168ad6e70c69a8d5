/**
 * The program's standard streams. Everything written through an {@linkcode Io}
 * passes through the redaction module: data on stdout as a stream (a secret
 * split across two writes is still masked), messages on stderr line by line.
 * On a terminal, control characters in that text (escape sequences from a
 * provider) are shown in visible form rather than obeyed.
 *
 * @module
 */
import { redact } from "../security/redact.ts";
import { RedactStream } from "../security/redact_stream.ts";
import { neutralizeControls, NeutralizeControlsStream } from "../security/neutralize_controls.ts";
import { stdoutWritable } from "./stdout_writable.ts";

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
  const clearStatus = () => {
    if (!statusShown) return;
    streams.writeStderr(encoder.encode(CLEAR_LINE));
    statusShown = false;
  };
  let writer: WritableStreamDefaultWriter<string> | undefined;
  let piped: Promise<void> | undefined;
  let usedRaw = false;
  const openWriter = () => {
    if (!writer) {
      const redactor = new RedactStream();
      // On a terminal, control sequences in the text are shown, never obeyed; piped, bytes are exact.
      const text = streams.stdoutIsTerminal
        ? redactor.readable.pipeThrough(new NeutralizeControlsStream())
        : redactor.readable;
      piped = text.pipeThrough(new TextEncoderStream()).pipeTo(streams.stdout);
      // A closed stdout (`omn … | head -1`) fails the next write and `close()`; not the process.
      piped.catch(() => {});
      writer = redactor.writable.getWriter();
    }
    return writer;
  };
  const io: Io = {
    stdin: streams.stdin,
    stdinIsTerminal: streams.stdinIsTerminal,
    stdoutIsTerminal: streams.stdoutIsTerminal,
    stderrIsTerminal: streams.stderrIsTerminal,
    settings,
    get rawStdout() {
      usedRaw = true;
      return streams.stdout;
    },
    async write(text: string) {
      if (text.length > 0) await openWriter().write(text);
    },
    message(level: MessageLevel, text: string) {
      if (level === "debug" && !io.settings.verbose) return;
      if ((level === "info" || level === "warn") && io.settings.quiet) return;
      const prefix = PREFIX[level][io.settings.color ? 1 : 0];
      const redacted = redact(text).replace(/\r?\n$/, "");
      const line = streams.stderrIsTerminal ? neutralizeControls(redacted) : redacted;
      clearStatus();
      streams.writeStderr(encoder.encode(`${prefix}${line}\n`));
    },
    status(text: string | undefined) {
      if (text === undefined) return clearStatus();
      if (!streams.stderrIsTerminal || io.settings.quiet) return;
      const line = neutralizeControls(redact(text).replace(/[\r\n]+/g, " "));
      streams.writeStderr(encoder.encode(`${CLEAR_LINE}${line}`));
      statusShown = true;
    },
    async close() {
      if (writer) {
        const closing = writer.close();
        closing.catch(() => {});
        await piped; // rejects with what broke stdout (BrokenPipe), if anything did
        await closing;
      } else if (!usedRaw) {
        await streams.stdout.close().catch(() => {});
      }
    },
  };
  return io;
}

/** The process's real standard streams, for `main.ts`. */
export function processStreams(): IoStreams {
  return {
    stdin: Deno.stdin.readable,
    stdout: stdoutWritable(),
    writeStderr: (bytes) => {
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    },
    stdinIsTerminal: Deno.stdin.isTerminal(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
  };
}
