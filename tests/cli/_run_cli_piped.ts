/**
 * Runs the real `runCli` in the test process with piped (non-terminal)
 * streams held in memory: no stdin, and stdout and stderr collected as text.
 *
 * @module
 */
import { runCli } from "../../src/cli/run_cli.ts";

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
  /** Standard input; none by default. */
  stdin?: string;
}

/** Runs `omn argv…` in process (stdin empty unless given) and collects its output. */
export async function runCliPiped(argv: string[], options: PipedRunOptions): Promise<PipedRun> {
  const chunks: Uint8Array[] = [];
  let stderr = "";
  const decoder = new TextDecoder();
  const env = options.env ?? {};
  const code = await runCli(argv, {
    streams: {
      stdin: new Blob([options.stdin ?? ""]).stream(),
      stdout: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
      writeStderr: (bytes) => void (stderr += decoder.decode(bytes, { stream: true })),
      stdinIsTerminal: false,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
    },
    env: (name) => env[name],
    cwd: options.cwd,
  });
  // Whole, then decoded: a character split between two writes stays one character.
  const stdout = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).bytes());
  return { code, stderr: stderr + decoder.decode(), stdout };
}
