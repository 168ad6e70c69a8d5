/**
 * Reads a secret the only two ways omn accepts one: a hidden prompt on a
 * terminal, or standard input with `--stdin`. Never from arguments.
 *
 * @module
 */
import type { Io } from "./io.ts";
import { InterruptedError, UsageError } from "./errors.ts";

/** Reads the whole of stdin, without its final line break. */
export async function readSecretFromStdin(io: Io): Promise<string> {
  if (io.stdinIsTerminal) {
    throw new UsageError(
      '--stdin reads a piped key: pipe it in (printf %s "$KEY" | omn keys set …), or leave out --stdin for a hidden prompt',
    );
  }
  return (await new Response(io.stdin).text()).replace(/\r?\n$/, "");
}

/**
 * Asks on stderr and reads one line from the terminal without echoing it.
 * Backspace deletes; Ctrl-C interrupts; Ctrl-D or Enter ends the line.
 */
export async function readHiddenLine(io: Io, question: string): Promise<string> {
  if (!io.stdinIsTerminal) {
    throw new UsageError("No terminal for a hidden prompt: pipe the key and pass --stdin");
  }
  // Echo goes off before the question shows, so nothing typed after it is echoed.
  Deno.stdin.setRaw(true);
  io.message("info", question);
  const reader = io.stdin.getReader();
  const decoder = new TextDecoder();
  let line = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const character of decoder.decode(value, { stream: true })) {
        if (character === "\u0003") throw new InterruptedError();
        if (character === "\r" || character === "\n" || character === "\u0004") return line;
        if (character === "\u007f" || character === "\b") line = line.slice(0, -1);
        else if (character >= " ") line += character;
      }
    }
    return line;
  } finally {
    reader.releaseLock();
    Deno.stdin.setRaw(false);
  }
}
