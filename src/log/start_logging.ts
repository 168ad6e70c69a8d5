/**
 * The logger of a CLI run: started from the global flags before a command
 * runs, and reachable from the run's context.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { configPaths } from "../config/paths.ts";
import { type LogFlags, resolveLogSettings } from "./resolve_log_settings.ts";
import { Logger } from "./logger.ts";
import { dirname, sep } from "node:path";
import { currentUid } from "../config/file_security.ts";
import { checkPrivateDirectory } from "../config/open_private_file.ts";

const OFF = Logger.off();
const loggers = new WeakMap<CliContext, Logger>();

/** The logger of a run; a logger that writes nothing when logging is off. */
export function loggerOf(context: CliContext): Logger {
  return loggers.get(context) ?? OFF;
}

/** What {@linkcode startLogging} records about the command that runs. */
export interface CommandFacts {
  /** The command path (`keys set`). */
  command: string;
  /** The names of the options given (never their values, which may be free text). */
  options: string[];
  /** How many positional arguments were given (never the arguments: a prompt is one). */
  args: number;
}

/**
 * Starts the run's logger from the flags and `OMNIMANCER_LOG` (opening the
 * file at once, so an unusable path fails before the command runs) and
 * records which command runs. Does nothing when logging is off.
 *
 * @throws {RefusalError} when the log path is outside the config directory.
 */
export async function startLogging(
  context: CliContext,
  flags: LogFlags,
  facts: CommandFacts,
): Promise<Logger> {
  const envValue = context.env("OMNIMANCER_LOG");
  const dir = configPaths(context.env).dir;
  const settings = resolveLogSettings(flags, {
    dir,
    cwd: context.cwd,
    envValue: envValue === "" ? undefined : envValue,
  });
  if (settings === undefined) return OFF;
  await checkLogDirectories(dir, settings.path);
  loggers.get(context)?.close();
  const logger = await Logger.open(settings, { now: context.now });
  loggers.set(context, logger);
  logger.info("command started", { ...facts });
  return logger;
}

/** Closes the run's logger, if any; called when the run ends. */
export function stopLogging(context: CliContext): void {
  loggers.get(context)?.close();
  loggers.delete(context);
}

/** The parts of a commander command that {@linkcode describeCommand} reads. */
export interface CommandLike {
  name(): string;
  readonly parent: CommandLike | null;
  readonly args: readonly string[];
  opts(): Record<string, unknown>;
  getOptionValueSource(key: string): string | undefined;
}

/** The facts of the command about to run: its path, the options given, how many arguments. */
export function describeCommand(command: CommandLike): CommandFacts {
  const names: string[] = [];
  for (let current: CommandLike | null = command; current?.parent; current = current.parent) {
    names.unshift(current.name());
  }
  return {
    command: names.join(" "),
    options: Object.keys(command.opts()).filter((key) =>
      command.getOptionValueSource(key) === "cli"
    ),
    args: command.args.length,
  };
}

/**
 * Checks the config directory and every directory between it and the log
 * file as private directories (never a link, nor another user's): opening
 * the log checks only the file's own directory, and a linked directory
 * above it (`logs/` linked elsewhere, `--log-file logs/x/omn.log`) would
 * take the log out of the config directory. Missing ones pass (they are
 * created 0700).
 */
async function checkLogDirectories(configDir: string, path: string): Promise<void> {
  const uid = await currentUid(configDir);
  for (let parent = dirname(path); parent.startsWith(configDir + sep); parent = dirname(parent)) {
    await checkPrivateDirectory(parent, { uid, label: "log directory" });
  }
  await checkPrivateDirectory(configDir, { uid, label: "config directory" });
}
