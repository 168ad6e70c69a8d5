/**
 * Runs one `omn` invocation and maps every outcome to an exit code. This is
 * the only place that decides exit codes; commands throw and never exit.
 *
 * @module
 */
import { CommanderError, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { buildApp } from "./app.ts";
import { errorChain, ExitCode, OmnError, SilentError } from "../core/errors.ts";
import { createIo, type IoStreams } from "../core/io.ts";
import { colorAllowed } from "./color_allowed.ts";
import { optionDescription } from "./option_description.ts";
import type { Interrupts } from "../core/interrupts.ts";
import { refusesConfigDir } from "../core/permission_error.ts";
import { reportedError } from "../core/reported_error.ts";
import { configPaths } from "../config/paths.ts";
import { rewriteHeadlessArgv } from "./headless_argv.ts";
import { registerEnvironmentSecrets } from "../credentials/register_environment_secrets.ts";
import { registerSecret } from "../security/redact.ts";
import { loggerOf, stopLogging } from "../log/start_logging.ts";
import type { CliContext } from "../core/context.ts";
import { jsonOutputMode } from "./json_output_mode.ts";
import { printFailureResult } from "./print_failure_result.ts";
import { shortPieces } from "./short_pieces.ts";
import type { Clock } from "../core/clock.ts";

/** What one run needs from the process. */
export interface RunCliOptions {
  streams: IoStreams;
  env: (name: string) => string | undefined;
  cwd: string;
  now?: () => Date;
  /** The fetch under every network request (tests); the global fetch when absent. */
  fetch?: typeof fetch;
  /** The clock and sleep of retries (tests); the real ones when absent. */
  clock?: Clock;
  /** Ctrl-C and SIGTERM (`main.ts` gives the process's). */
  interrupts?: Interrupts;
}

/** Runs `omn` with `argv` (without the program name) and returns the exit code. */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  registerEnvironmentSecrets(options.env, registerSecret);
  const io = createIo(options.streams, {
    quiet: false,
    verbose: false,
    color: colorAllowed(options.env, options.streams.stderrIsTerminal),
  });
  const context: CliContext = {
    io,
    env: options.env,
    cwd: options.cwd,
    now: options.now ?? (() => new Date()),
    fetch: options.fetch,
    clock: options.clock,
    interrupts: options.interrupts,
  };
  const args = rewriteHeadlessArgv(argv);
  const program = buildApp(context, { argv: args });
  // Help comes in short pieces: the redactor compiles only the patterns their words call for.
  const writeStdout = (text: string) => {
    for (const piece of shortPieces(text)) void io.write(piece);
  };
  applyOutput(program, writeStdout, io);
  let code: number = ExitCode.Ok;
  let failed: unknown;
  // Ctrl-C or SIGTERM at any moment ends the run as a failure (exit 130, a JSON result); a
  // command that watches for it itself (a streaming reply) takes it first.
  using watch = context.interrupts?.watch();
  try {
    const parsed = program.parseAsync(args, { from: "user" });
    await (watch ? watch.race(parsed) : parsed);
  } catch (error) {
    failed = error;
    const configDir = configDirOf(context);
    const failure = report(error, io, configDir);
    code = failure.exitCode;
    // A stdout that failed the command cannot take its result object either: told once, above.
    await printFailureResult(io, jsonOutputMode(argv), error, code, failure.message).catch(
      () => {},
    );
    await recordFailure(context, error, { argv, configDir });
  }
  try {
    await io.close();
  } catch (error) {
    // What stdout did not take (written after the command ended) fails the run in one line,
    // unless that failure is the one the command failed with, told above.
    if (!(error instanceof Deno.errors.BrokenPipe) && !sameFailure(error, failed)) {
      code = report(error, io, configDirOf(context)).exitCode;
    }
  }
  loggerOf(context).info("command finished", { exit_code: code });
  stopLogging(context);
  return code;
}

/** Whether `error` is `failed`, or what `failed` was caused by (the same failure, told once). */
function sameFailure(error: unknown, failed: unknown): boolean {
  return error === failed || errorChain(failed).includes(error as Error);
}

/** Logs a failure, and audits it when the permission set refused something. */
async function recordFailure(
  context: CliContext,
  error: unknown,
  run: { argv: readonly string[]; configDir: string | undefined },
): Promise<void> {
  if (error instanceof CommanderError || error instanceof SilentError) return;
  // A refused config directory can record nothing, not even its refusal.
  const { argv, configDir } = run;
  if (configDir !== undefined && refusesConfigDir(error, configDir)) return;
  loggerOf(context).error(error instanceof Error ? error.message : String(error));
  const { permissionRefusalEvent } = await import("../audit/permission_refusal_event.ts");
  const command = argv.find((arg) => !arg.startsWith("-")) ?? "";
  // A refusal explained in one line keeps Deno's own error as its cause.
  const event = permissionRefusalEvent(error, command) ??
    (error instanceof Error ? permissionRefusalEvent(error.cause, command) : undefined);
  if (event) {
    const { auditChange } = await import("../audit/audit_change.ts");
    await auditChange(context, event);
  }
}

/** Help and commander's errors go through `io`, for `command` and every command under it. */
function applyOutput(
  command: CommandUnknownOpts,
  writeOut: (text: string) => void,
  io: ReturnType<typeof createIo>,
): void {
  command.configureHelp({ optionDescription });
  command.exitOverride().configureOutput({
    getOutHasColors: () => false,
    getOutHelpWidth: () => helpWidth(io),
    getErrHasColors: () => false,
    writeOut,
    writeErr: (text) => io.message("info", text),
    outputError: (text) => io.message("error", usageLine(text)),
  });
  for (const sub of command.commands) applyOutput(sub, writeOut, io);
}

/** This run's config directory, or `undefined` when it cannot be told (no HOME). */
function configDirOf(context: CliContext): string | undefined {
  try {
    return configPaths(context.env).dir;
  } catch {
    return undefined;
  }
}

/**
 * The exit code of a failed run and the one line that tells why, printed
 * here unless commander or the command already told it.
 */
function report(
  error: unknown,
  io: ReturnType<typeof createIo>,
  configDir: string | undefined,
): { exitCode: number; message: string } {
  if (error instanceof CommanderError) {
    // Help asked for is done; help shown for a missing command (`omn keys`) is a usage error.
    const done = error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
      (error.code === "commander.help" && error.exitCode === 0);
    return { exitCode: done ? ExitCode.Ok : ExitCode.Usage, message: usageLine(error.message) };
  }
  if (error instanceof SilentError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof Deno.errors.BrokenPipe) {
    return { exitCode: ExitCode.Ok, message: error.message };
  }
  const reported = reportedError(error, configDir);
  io.message("error", reported.message);
  if (!(reported.error instanceof OmnError) && reported.error instanceof Error) {
    if (reported.error.stack) io.message("debug", reported.error.stack);
  }
  return { exitCode: reported.exitCode, message: reported.message };
}

/** Help wraps at the terminal's width, and never when stdout is piped. */
function helpWidth(io: ReturnType<typeof createIo>): number {
  if (!io.stdoutIsTerminal) return 100_000;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

/** Commander's error text as one line with the pointer to help. */
function usageLine(text: string): string {
  return `${
    text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")
  } (run with --help for usage)`;
}
