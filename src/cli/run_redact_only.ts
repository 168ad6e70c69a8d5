/**
 * `omn redact` with no flags, without loading the command tree: the most
 * common filter in a pipeline starts as fast as Deno itself allows. It does
 * exactly what the `redact` command does (`src/cli/commands/redact.ts`).
 *
 * @module
 */
import { registerEnvironmentSecrets } from "../credentials/register_environment_secrets.ts";
import { redact, registerSecret } from "../security/redact.ts";
import { redactStream } from "../security/redact_pipe.ts";
import { ExitCode } from "./errors.ts";

/** Pipes stdin to stdout redacted; returns the exit code. */
export async function runRedactOnly(env: (name: string) => string | undefined): Promise<number> {
  registerEnvironmentSecrets(env, registerSecret);
  try {
    await redactStream(Deno.stdin.readable, Deno.stdout.writable);
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) return ExitCode.Ok;
    const message = error instanceof Error ? error.message : String(error);
    Deno.stderr.writeSync(new TextEncoder().encode(`error: ${redact(message)}\n`));
    return ExitCode.Runtime;
  }
}
