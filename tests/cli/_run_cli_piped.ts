/**
 * Runs the real `runCli` in the test process with piped (non-terminal)
 * streams held in memory: no stdin, and stdout and stderr collected as text.
 *
 * @module
 */
import { runCli } from "../../src/cli/run_cli.ts";
import type { Interrupts } from "../../src/core/interrupts.ts";

/** What one in-memory run printed and returned. */
export interface PipedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the run looks: its environment (nothing else is set) and working directory. */
export interface PipedRunOptions {
  env?: Record<string, string>;
  cwd: string;
  /** Standard input (text, or a stream such as one that never ends); none by default. */
  stdin?: string | ReadableStream<Uint8Array>;
  /** A stdout of the test's own (one that fails), instead of the collected one; `stdout` is then empty. */
  stdout?: WritableStream<Uint8Array>;
  /** A stderr of the test's own (one that fails), instead of the collected one; `stderr` is then empty. */
  writeStderr?: (bytes: Uint8Array) => void;
  /** Ctrl-C and SIGTERM as the run sees them (`createInterrupts` with hooks the test fires); none by default. */
  interrupts?: Interrupts;
}

/** Runs `omn argv…` in process (stdin empty unless given) and collects its output, unless a stream is given. */
export async function runCliPiped(argv: string[], options: PipedRunOptions): Promise<PipedRun> {
  const chunks: Uint8Array[] = [];
  let stderr = "";
  const decoder = new TextDecoder();
  const env = options.env ?? {};
  const code = await runCli(argv, {
    streams: {
      stdin: typeof options.stdin === "object"
        ? options.stdin
        : new Blob([options.stdin ?? ""]).stream(),
      stdout: options.stdout ?? new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
      writeStderr: options.writeStderr ??
        ((bytes) => void (stderr += decoder.decode(bytes, { stream: true }))),
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    },
    env: (name) => env[name],
    cwd: options.cwd,
    interrupts: options.interrupts,
  });
  // Whole, then decoded: a character split between two writes stays one character.
  const stdout = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).bytes());
  return { code, stderr: stderr + decoder.decode(), stdout };
}
