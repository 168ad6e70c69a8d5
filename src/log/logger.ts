/**
 * The structured log: records appended to a file in the config directory,
 * as text or JSON lines, every one passed through the redaction module.
 * Off unless asked for (`--log-file`, `--log-level`, `--log-format`,
 * `OMNIMANCER_LOG`).
 *
 * @module
 */
import { appendLineSync, openPrivateAppend } from "../config/open_private_append.ts";
import { redact } from "../security/redact.ts";
import { redactJsonLine, redactValue } from "../security/redact_json_line.ts";

/** Log levels, most severe first. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;

/** One of {@linkcode LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Record formats: `text` (one line, `key=value` fields) or `json` (JSON lines). */
export type LogFormat = "text" | "json";

/** Where and what to log. */
export interface LogSettings {
  /** The log file (inside the config directory). */
  path: string;
  /** The least severe level written. */
  level: LogLevel;
  format: LogFormat;
}

/** Extra fields of a record. */
export type LogFields = Record<string, unknown>;

/** Options of {@linkcode Logger.open}. */
export interface LoggerOptions {
  /** The clock; injectable for tests. */
  now?: () => Date;
}

function textValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * One log record as a line, redacted: `json` is one JSON object
 * (`time`, `level`, `msg`, `pid`, then the fields); `text` is
 * `<time> <level> <message> key=value …` with line breaks escaped.
 *
 * @example
 * ```ts
 * import { formatLogRecord } from "./logger.ts";
 * formatLogRecord("text", { time: new Date(0), level: "info", message: "started", fields: { command: "ask" } });
 * // '1970-01-01T00:00:00.000Z info started pid=… command=ask'
 * ```
 */
export function formatLogRecord(
  format: LogFormat,
  record: { time: Date; level: LogLevel; message: string; fields?: LogFields },
): string {
  const head = { time: record.time.toISOString(), level: record.level, msg: record.message };
  const fields = { pid: Deno.pid, ...record.fields };
  if (format === "json") return redactJsonLine({ ...head, ...fields });
  const redacted = redactValue(fields) as LogFields;
  const text = [
    head.time,
    head.level,
    redact(record.message),
    ...Object.entries(redacted).map(([key, value]) => `${key}=${textValue(value)}`),
  ].join(" ");
  return redact(text.replace(/\r?\n/g, "\\n"));
}

/**
 * A logger: a no-op when off ({@linkcode Logger.off}), otherwise writing each
 * record whole, synchronously (so nothing is lost when the process exits),
 * to its file opened for appending (0600).
 *
 * @example
 * ```ts
 * import { Logger } from "./logger.ts";
 * const dir = await Deno.makeTempDir();
 * const log = await Logger.open({ path: `${dir}/omn.log`, level: "debug", format: "json" });
 * log.info("started", { command: "ask" });
 * log.close();
 * ```
 */
export class Logger {
  /** The settings, `undefined` when the logger is off. */
  readonly settings: LogSettings | undefined;
  #file: Deno.FsFile | undefined;
  #now: () => Date;

  private constructor(
    settings: LogSettings | undefined,
    file: Deno.FsFile | undefined,
    now: () => Date,
  ) {
    this.settings = settings;
    this.#file = file;
    this.#now = now;
  }

  /** A logger that writes nothing. */
  static off(): Logger {
    return new Logger(undefined, undefined, () => new Date());
  }

  /** Opens (creating it 0600 if needed) the log file and returns a logger writing to it. */
  static async open(settings: LogSettings, options: LoggerOptions = {}): Promise<Logger> {
    const file = await openPrivateAppend(settings.path);
    return new Logger(settings, file, options.now ?? (() => new Date()));
  }

  /** Whether records of `level` are written. */
  enabled(level: LogLevel): boolean {
    return this.settings !== undefined && this.#file !== undefined &&
      LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.settings.level);
  }

  /** Writes one record, if its level is enabled. */
  log(level: LogLevel, message: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    appendLineSync(
      this.#file!,
      formatLogRecord(this.settings!.format, { time: this.#now(), level, message, fields }),
    );
  }

  /** Writes an `error` record. */
  error(message: string, fields?: LogFields): void {
    this.log("error", message, fields);
  }

  /** Writes a `warn` record. */
  warn(message: string, fields?: LogFields): void {
    this.log("warn", message, fields);
  }

  /** Writes an `info` record. */
  info(message: string, fields?: LogFields): void {
    this.log("info", message, fields);
  }

  /** Writes a `debug` record. */
  debug(message: string, fields?: LogFields): void {
    this.log("debug", message, fields);
  }

  /** Closes the file; later records are dropped. */
  close(): void {
    const file = this.#file;
    this.#file = undefined;
    file?.close();
  }
}
