/**
 * An in-memory {@linkcode Io} and {@linkcode CliContext} for command tests.
 *
 * @module
 */
import { createIo, type Io } from "../../src/core/io.ts";
import type { CliContext } from "../../src/core/context.ts";

/** A context whose streams are captured. */
export interface MemoryContext extends CliContext {
  /** Everything written to stdout so far (after close). */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
}

/** Creates a context over memory streams; `stdin` is the input text. */
export function memoryContext(
  options: { stdin?: string; env?: Record<string, string>; stdinIsTerminal?: boolean } = {},
): MemoryContext {
  const chunks: Uint8Array[] = [];
  let errors = "";
  const decoder = new TextDecoder();
  const io: Io = createIo({
    stdin: new Blob([options.stdin ?? ""]).stream(),
    stdout: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
    writeStderr: (bytes) => void (errors += decoder.decode(bytes)),
    stdinIsTerminal: options.stdinIsTerminal ?? false,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
  }, { quiet: false, verbose: false, color: false });
  const env = options.env ?? {};
  return {
    io,
    env: (name) => env[name],
    cwd: "/nonexistent",
    now: () => new Date("2026-11-29T12:00:00Z"),
    stdout: () => chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join(""),
    stderr: () => errors,
  };
}
