/**
 * Runs one `omn` invocation and maps every outcome to an exit code. This is
 * the only place that decides exit codes; commands throw and never exit.
 *
 * @module
 */
import { errorChain, ExitCode, OmnError, SilentError } from "../core/errors.ts";
import { createIo, type IoStreams } from "../core/io.ts";
import { colorAllowed } from "./color_allowed.ts";
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
import { parseAskCommandLine } from "./parse_ask_command_line.ts";
import { runAskCommandLine } from "./run_ask_command_line.ts";
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
  // An `ask` read without commander runs without loading it or the command tree; any other line
  // loads them.
  const ask = parseAskCommandLine(args);
  let tree: typeof import("./run_command_tree.ts") | undefined;
  const run = async () => {
    if (ask !== undefined) return await runAskCommandLine(ask, context);
    tree = await import("./run_command_tree.ts");
    await tree.runCommandTree(args, context);
  };
  let code: number = ExitCode.Ok;
  let failed: unknown;
  // Ctrl-C or SIGTERM at any moment ends the run as a failure (exit 130, a JSON result); a
  // command that watches for it itself (a streaming reply) takes it first.
  using watch = context.interrupts?.watch();
  try {
    const running = run();
    await (watch ? watch.race(running) : running);
  } catch (error) {
    failed = error;
    const configDir = configDirOf(context);
    // Commander's errors and help it showed were told by commander.
    const usage = tree?.commanderFailure(error);
    const failure = usage ?? report(error, io, configDir);
    code = failure.exitCode;
    // A stdout that failed the command cannot take its result object either: told once, above.
    await printFailureResult(io, jsonOutputMode(argv), {
      error,
      exitCode: code,
      message: failure.message,
      usage: usage !== undefined,
    }).catch(() => {});
    if (usage === undefined) await recordFailure(context, error, { argv, configDir });
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
  if (error instanceof SilentError) return;
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
