/**
 * Assembles the prompt of `ask`: standard input first (when it is not a
 * terminal), then the instruction from the arguments.
 *
 * @module
 */
import { UsageError } from "../core/errors.ts";
import type { Io } from "../core/io.ts";

/** Whether the words hold `-`, which stands for standard input (read even from a terminal). */
export function wantsStdin(words: readonly string[]): boolean {
  return words.includes("-");
}

/**
 * Joins piped input and the instruction; a usage error when both are empty.
 * A `-` among the words stands for standard input and is not prompt text.
 */
export function assemblePrompt(stdinText: string, words: readonly string[]): string {
  const instruction = words.filter((word) => word !== "-").join(" ").trim();
  const piped = stdinText.replace(/\s+$/, "");
  const prompt = piped && instruction ? `${piped}\n\n${instruction}` : piped || instruction;
  if (!prompt) {
    throw new UsageError(
      'No prompt: pass it as an argument (omn ask "…") or on standard input (echo … | omn ask)',
    );
  }
  return prompt;
}

/** Reads all of standard input as text, unless it is a terminal. */
export async function readStdinText(
  io: Pick<Io, "readAllStdin">,
  isTerminal: boolean,
): Promise<string> {
  if (isTerminal) return "";
  return await io.readAllStdin();
}
