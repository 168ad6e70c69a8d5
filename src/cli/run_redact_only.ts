/**
 * `omn redact` with no flags, without loading the command tree: the most
 * common filter in a pipeline starts as fast as Deno itself allows. It does
 * exactly what the `redact` command does (`src/cli/commands/redact.ts`):
 * the config modules load only when a config file or a `.env` file exists
 * to take stored keys from.
 *
 * @module
 */
import { registerEnvironmentSecrets } from "../credentials/register_environment_secrets.ts";
import { hasStoredSecretFiles } from "../credentials/has_stored_secret_files.ts";
import { redact, registerSecret } from "../security/redact.ts";
import { blockingSink, blockingSource, redactReader } from "../security/redact_reader.ts";
import { ExitCode, OmnError } from "../core/errors.ts";
import { explainPermissionError } from "../core/permission_error.ts";
import { NON_BLOCKING_STDOUT } from "../core/stdout_writable.ts";
import { stdinReadError } from "../core/stdin_read_error.ts";

/** Pipes stdin to stdout redacted; returns the exit code. */
export async function runRedactOnly(env: (name: string) => string | undefined): Promise<number> {
  registerEnvironmentSecrets(env, registerSecret);
  try {
    // A config or .env omn cannot read safely stops the filter: it could not mask their keys.
    if (await hasStoredSecretFiles(env, Deno.cwd())) await registerStored(env);
  } catch (error) {
    const refusal = error instanceof OmnError ? error : explainPermissionError(error);
    if (refusal === undefined) throw error;
    writeError(refusal.message);
    return refusal.exitCode;
  }
  try {
    await redactReader(blockingSource(Deno.stdin), blockingSink(Deno.stdout));
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) return ExitCode.Ok;
    if (error instanceof Deno.errors.WouldBlock) {
      writeError(NON_BLOCKING_STDOUT);
      return ExitCode.Runtime;
    }
    // Only stdin can be a directory: a shell cannot redirect stdout to one.
    const reported = stdinReadError(error);
    writeError(reported instanceof Error ? reported.message : String(reported));
    return reported instanceof OmnError ? reported.exitCode : ExitCode.Runtime;
  }
}

/** Registers the stored keys, with warnings on stderr. */
async function registerStored(env: (name: string) => string | undefined): Promise<void> {
  const [{ createIo }, { registerStoredSecrets }] = await Promise.all([
    import("../core/io.ts"),
    import("../credentials/register_stored_secrets.ts"),
  ]);
  const io = createIo({
    stdin: new ReadableStream(),
    stdout: new WritableStream(),
    writeStderr: (bytes) => {
      let written = 0;
      while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
    },
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    stderrIsTerminal: Deno.stderr.isTerminal(),
  }, { quiet: false, verbose: false, color: false });
  await registerStoredSecrets({ io, env, cwd: Deno.cwd(), now: () => new Date() });
}

/** Best effort, as every message: a stderr that cannot take it leaves the exit code as it is. */
function writeError(message: string): void {
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(`error: ${redact(message)}\n`));
  } catch {
    // dropped
  }
}
