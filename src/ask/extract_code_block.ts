/**
 * Finds the fenced code blocks of a Markdown reply (`ask -x`,
 * `--extract-last`): a fence is a line of three or more backticks or tildes,
 * indented by at most three spaces; a backtick fence may carry an info
 * string (`` ```sh ``); the block ends at a line of the same character, at
 * least as long, and nothing but spaces after it. The content is the lines in
 * between, with up to the opening fence's indentation removed from each. A
 * block whose closing fence never came (a reply cut at `--max-tokens`) is
 * not a block: a half command must not reach a pipeline.
 *
 * @module
 */

/** Which block `--extract` picks. */
export type ExtractWhich = "first" | "last";

/** An opening fence: its character, length and indentation. */
export interface OpeningFence {
  marker: "`" | "~";
  length: number;
  indent: number;
}

/** The opening fence a line (without its line break) is, if any. */
export function openingFence(line: string): OpeningFence | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line.replace(/\r$/, ""));
  if (!match) return undefined;
  const marker = match[2][0] as "`" | "~";
  if (marker === "`" && match[3].includes("`")) return undefined;
  return { marker, length: match[2].length, indent: match[1].length };
}

/** Whether a line (without its line break) closes a block opened by `fence`. */
export function closesFence(line: string, fence: OpeningFence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,}) *$/.exec(line.replace(/\r$/, ""));
  return match !== null && match[1][0] === fence.marker && match[1].length >= fence.length;
}

/** Removes up to `indent` leading spaces from a content line. */
function outdent(line: string, indent: number): string {
  let index = 0;
  while (index < indent && line[index] === " ") index += 1;
  return line.slice(index);
}

/** Every complete fenced block of `text`, in order, each without its fences. */
export function codeBlocks(text: string): string[] {
  const blocks: string[] = [];
  const lines = text.split("\n");
  let fence: OpeningFence | undefined;
  let content: string[] = [];
  lines.forEach((line, index) => {
    const last = index === lines.length - 1;
    if (fence === undefined) {
      fence = openingFence(line);
      content = [];
    } else if (closesFence(line, fence)) {
      blocks.push(content.join(""));
      fence = undefined;
    } else if (!last) {
      content.push(outdent(line, fence.indent) + "\n");
    }
  });
  return blocks;
}

/** The first or last complete fenced block of `text`, or `undefined` when it has none. */
export function extractCodeBlock(text: string, which: ExtractWhich): string | undefined {
  const blocks = codeBlocks(text);
  return which === "first" ? blocks[0] : blocks.at(-1);
}

/**
 * Streams the first block of a reply as it arrives: `push` takes each piece
 * of the reply and returns the part of the block that is now certain. Text
 * before the block, and a started line that may yet be the closing fence or
 * the indentation to remove, are held back; everything after the block is
 * dropped.
 */
export class FirstBlockStream {
  #fence: OpeningFence | undefined;
  #done = false;
  /** The current line, not yet decided. */
  #pending = "";
  /** Whether the current content line has been decided (and partly written). */
  #lineCommitted = false;

  /** Takes the next piece of the reply; returns the block text it makes certain. */
  push(piece: string): string {
    let out = "";
    for (const character of piece) {
      if (this.#done) break;
      out += this.#take(character);
    }
    return out;
  }

  #take(character: string): string {
    if (this.#lineCommitted) {
      if (character === "\n") this.#lineCommitted = false;
      return character;
    }
    if (character !== "\n") {
      this.#pending += character;
      if (this.#fence === undefined || this.#undecided(this.#pending, this.#fence)) return "";
      this.#lineCommitted = true;
      const written = outdent(this.#pending, this.#fence.indent);
      this.#pending = "";
      return written;
    }
    const line = this.#pending;
    this.#pending = "";
    if (this.#fence === undefined) {
      this.#fence = openingFence(line);
      return "";
    }
    if (closesFence(line, this.#fence)) {
      this.#done = true;
      return "";
    }
    return outdent(line, this.#fence.indent) + "\n";
  }

  /** Whether the started line may still turn out a closing fence or unfinished indentation. */
  #undecided(started: string, fence: OpeningFence): boolean {
    const body = started.replace(/^ {0,3}/, "");
    if (body === "") return started.length <= Math.max(3, fence.indent);
    const fenceRun = new RegExp(`^\\${fence.marker}+ *\r?$`);
    return fenceRun.test(body) && started.length - body.length <= 3;
  }
}
