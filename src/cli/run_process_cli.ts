/**
 * Runs `omn` for the process: its streams, environment, working directory,
 * and its Ctrl-C and SIGTERM. One module, so that `main.ts` loads
 * everything a command line needs in one import instead of three in turn.
 *
 * @module
 */
import { runCli } from "./run_cli.ts";
import { processStreams } from "../core/io.ts";
import { createInterrupts, processInterruptHooks } from "../core/interrupts.ts";
import { sealProxyVariables } from "../net/proxy_settings.ts";

/** Runs `omn` with `args` (without the program name) in this process; returns the exit code. */
export async function runProcessCli(args: readonly string[]): Promise<number> {
  // Before any provider's package loads: none may set a proxy of its own.
  sealProxyVariables();
  return await runCli(args, {
    streams: processStreams(),
    env: (name) => Deno.env.get(name),
    cwd: Deno.cwd(),
    interrupts: createInterrupts(processInterruptHooks()),
  });
}
