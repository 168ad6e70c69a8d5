/**
 * Whether and where to log, from the global flags and `OMNIMANCER_LOG`.
 *
 * @module
 */
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { RefusalError, UsageError } from "../core/errors.ts";
import { LOG_LEVELS, type LogFormat, type LogLevel, type LogSettings } from "./logger.ts";

/** The log flags of the root command. */
export interface LogFlags {
  /** `--log-file PATH`. */
  logFile?: string;
  /** `--log-level LEVEL`, or `off`. */
  logLevel?: LogLevel | "off";
  /** `--log-format text|json`. */
  logFormat?: LogFormat;
}

/** Where the flags are resolved. */
export interface ResolveLogSettingsOptions {
  /** The config directory: the log must be inside it. */
  dir: string;
  /** The working directory, against which a relative `--log-file` is resolved. */
  cwd: string;
  /** `OMNIMANCER_LOG`, if set. */
  envValue?: string;
}

/** The log file name used when only a level or format is given. */
export const DEFAULT_LOG_FILE = "omn.log";

/**
 * Parses `OMNIMANCER_LOG`: a level, a format, or both separated by `:`
 * (`debug`, `json`, `debug:json`), or `off`.
 *
 * @example
 * ```ts
 * import { parseLogEnv } from "./resolve_log_settings.ts";
 * parseLogEnv("debug:json"); // { logLevel: "debug", logFormat: "json" }
 * ```
 *
 * @throws {UsageError} for any other value.
 */
export function parseLogEnv(value: string): LogFlags {
  const flags: LogFlags = {};
  for (const part of value.trim().toLowerCase().split(":")) {
    if ((LOG_LEVELS as readonly string[]).includes(part) || part === "off") {
      flags.logLevel = part as LogLevel | "off";
    } else if (part === "json" || part === "text") {
      flags.logFormat = part;
    } else {
      throw new UsageError(
        `Invalid OMNIMANCER_LOG "${value}": expected a level (error, warn, info, debug, off), ` +
          `a format (text, json) or both, e.g. "debug:json"`,
      );
    }
  }
  return flags;
}

/**
 * The log settings, or `undefined` when logging is off: it is on when any
 * log flag or `OMNIMANCER_LOG` is given (flags win, field by field), and off
 * with level `off`. Defaults: level `info`, format `text`, file `omn.log`
 * in the config directory.
 *
 * @throws {RefusalError} when the file is outside the config directory or
 * its name does not end in `.log` (so that a log can never be appended to
 * the config, the audit log or the usage ledger).
 * @throws {UsageError} when `OMNIMANCER_LOG` is invalid.
 */
export function resolveLogSettings(
  flags: LogFlags,
  options: ResolveLogSettingsOptions,
): LogSettings | undefined {
  const fromEnv = options.envValue ? parseLogEnv(options.envValue) : {};
  const anyFlag = flags.logFile !== undefined || flags.logLevel !== undefined ||
    flags.logFormat !== undefined;
  if (!anyFlag && options.envValue === undefined) return undefined;
  const level = flags.logLevel ?? fromEnv.logLevel ?? "info";
  if (level === "off") return undefined;
  const path = flags.logFile === undefined
    ? join(options.dir, DEFAULT_LOG_FILE)
    : resolve(options.cwd, flags.logFile);
  const inside = relative(resolve(options.dir), path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new RefusalError(
      `Writing the log to "${path}" refused: omn writes only inside its config directory "${options.dir}"; ` +
        `use --log-file "${join(options.dir, DEFAULT_LOG_FILE)}" or omit --log-file`,
    );
  }
  if (!basename(path).endsWith(".log")) {
    throw new RefusalError(
      `Writing the log to "${path}" refused: a log file's name must end in ".log", so that it cannot overwrite omn's own files`,
    );
  }
  return { path, level, format: flags.logFormat ?? fromEnv.logFormat ?? "text" };
}
