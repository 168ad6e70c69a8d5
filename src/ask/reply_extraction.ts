/**
 * What `ask -x` / `--extract-last` prints of a reply: the chosen fenced code
 * block, streamed as far as it is certain (the first block) or printed when
 * the reply is complete (the last block).
 *
 * @module
 */
import { ExitCode, OmnError } from "../core/errors.ts";
import { extractCodeBlock, type ExtractWhich, FirstBlockStream } from "./extract_code_block.ts";

/** The reply held no complete fenced code block to extract (exit 1). */
export class NoCodeBlockError extends OmnError {
  constructor(message: string) {
    super(message, ExitCode.Runtime);
  }
}

/** The extraction of one reply. */
export interface ReplyExtraction {
  /** The part of the block that `piece` makes certain, to print as the reply streams. */
  stream(piece: string): string;
  /** The block of the complete reply; throws {@linkcode NoCodeBlockError} when there is none. */
  block(text: string): string;
  /** Whether `stream` prints the block as it arrives (else it is printed at the end). */
  readonly streams: boolean;
}

/** The extraction `--extract` (`first`) or `--extract-last` (`last`) asks for. */
export function replyExtraction(which: ExtractWhich): ReplyExtraction {
  const first = new FirstBlockStream();
  const flag = which === "first" ? "--extract" : "--extract-last";
  return {
    streams: which === "first",
    stream: (piece) => which === "first" ? first.push(piece) : "",
    block(text) {
      const block = extractCodeBlock(text, which);
      if (block !== undefined) return block;
      const unclosed = /^ {0,3}(```|~~~)/m.test(text);
      throw new NoCodeBlockError(
        unclosed
          ? `Cannot extract a code block (${flag}): the reply ended inside one, before its closing fence; raise --max-tokens or ask again`
          : `Cannot extract a code block (${flag}): the reply holds no fenced code block; ask for one, or run without ${flag} to see the whole reply`,
      );
    },
  };
}
