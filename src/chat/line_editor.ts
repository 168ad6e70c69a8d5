/**
 * The line editor of `omn chat` on a terminal: the state of the line being
 * typed (text, cursor, place in the input history) and how each key changes
 * it, plus the escape sequences that draw it. Pure: the caller reads keys
 * and writes what {@linkcode LineEditor.render} returns.
 *
 * What is drawn is the line passed through the redaction module, so a
 * pasted secret shows only in its masked form.
 *
 * Keys: printable characters insert; Enter submits; Backspace, Delete,
 * Left, Right, Home/Ctrl-A, End/Ctrl-E, Ctrl-U (delete to the start),
 * Ctrl-K (delete to the end), Ctrl-W (delete a word); Tab inserts four
 * spaces; other control keys are ignored; Up and Down walk
 * the input history; Ctrl-C cancels the line; Ctrl-D on an empty line ends
 * the input.
 *
 * @module
 */
import { redact } from "../security/redact.ts";

/** What a key did to the line. */
export type EditResult = "submit" | "cancel" | "end" | undefined;

/**
 * One line being edited.
 *
 * @example
 * ```ts
 * import { LineEditor } from "./line_editor.ts";
 * const editor = new LineEditor("> ", []);
 * for (const key of ["h", "i", "\r"]) editor.handle(key); // the last returns "submit"
 * editor.text; // "hi"
 * ```
 */
export class LineEditor {
  /** The prompt drawn before the line. */
  readonly prompt: string;
  #characters: string[] = [];
  #cursor = 0;
  #history: readonly string[];
  #historyIndex: number;
  #draft: string[] = [];
  /** Row of the cursor within what was last drawn, counted from the prompt's row. */
  #cursorRow = 0;

  /** `history` holds earlier lines, oldest first. */
  constructor(prompt: string, history: readonly string[]) {
    this.prompt = prompt;
    this.#history = history;
    this.#historyIndex = history.length;
  }

  /** The line as typed. */
  get text(): string {
    return this.#characters.join("");
  }

  /** The cursor's position in the line, in characters. */
  get cursor(): number {
    return this.#cursor;
  }

  /** Applies one key (from `splitKeys`). */
  handle(key: string): EditResult {
    const characters = this.#characters;
    switch (key) {
      case "\r":
        return "submit";
      case "\x03":
        return "cancel";
      case "\x04":
        if (characters.length === 0) return "end";
        characters.splice(this.#cursor, 1);
        return;
      case "\x7f":
      case "\b":
        if (this.#cursor > 0) characters.splice(--this.#cursor, 1);
        return;
      case "\x1b[3~":
        characters.splice(this.#cursor, 1);
        return;
      case "\x1b[D":
      case "\x1bOD":
      case "\x02":
        this.#cursor = Math.max(0, this.#cursor - 1);
        return;
      case "\x1b[C":
      case "\x1bOC":
      case "\x06":
        this.#cursor = Math.min(characters.length, this.#cursor + 1);
        return;
      case "\x1b[H":
      case "\x1bOH":
      case "\x1b[1~":
      case "\x01":
        this.#cursor = 0;
        return;
      case "\x1b[F":
      case "\x1bOF":
      case "\x1b[4~":
      case "\x05":
        this.#cursor = characters.length;
        return;
      case "\x15":
        characters.splice(0, this.#cursor);
        this.#cursor = 0;
        return;
      case "\x0b":
        characters.splice(this.#cursor);
        return;
      case "\x17": {
        let start = this.#cursor;
        while (start > 0 && characters[start - 1] === " ") start--;
        while (start > 0 && characters[start - 1] !== " ") start--;
        characters.splice(start, this.#cursor - start);
        this.#cursor = start;
        return;
      }
      case "\x1b[A":
      case "\x1bOA":
        return this.#recall(-1);
      case "\x1b[B":
      case "\x1bOB":
        return this.#recall(1);
    }
    if (key === "\t") {
      characters.splice(this.#cursor, 0, ..."    ");
      this.#cursor += 4;
    } else if (key.length > 0 && [...key].length === 1 && key >= " " && key !== "\x7f") {
      characters.splice(this.#cursor++, 0, key);
    }
  }

  #recall(step: number): undefined {
    const index = this.#historyIndex + step;
    if (index < 0 || index > this.#history.length) return;
    if (this.#historyIndex === this.#history.length) this.#draft = this.#characters;
    this.#historyIndex = index;
    this.#characters = index === this.#history.length ? this.#draft : [...this.#history[index]];
    this.#cursor = this.#characters.length;
  }

  /**
   * The escape sequences that redraw the prompt and line in place, for a
   * terminal `columns` wide, leaving the cursor where it belongs.
   * Characters count one column each.
   */
  render(columns: number): string {
    const width = Math.max(1, columns);
    const display = [...redact(this.text)];
    const masked = display.join("") !== this.text;
    const promptLength = [...this.prompt].length;
    const total = promptLength + display.length;
    const cursor = promptLength + (masked ? display.length : this.#cursor);
    let output = this.#cursorRow > 0 ? `\x1b[${this.#cursorRow}A` : "";
    output += `\r\x1b[J${this.prompt}${display.join("")}`;
    // At the very end of a row the terminal waits to wrap; move to the next row now.
    if (total > 0 && total % width === 0) output += "\r\n";
    const endRow = Math.floor(total / width);
    const row = Math.floor(cursor / width);
    const column = cursor % width;
    if (endRow > row) output += `\x1b[${endRow - row}A`;
    output += column > 0 ? `\r\x1b[${column}C` : "\r";
    this.#cursorRow = row;
    return output;
  }

  /** The sequence that leaves the line as drawn and moves to the start of the next row. */
  finish(columns: number): string {
    const width = Math.max(1, columns);
    const total = [...this.prompt].length + [...redact(this.text)].length;
    // A line that fills its last row exactly was drawn with the move to the next row.
    const filled = total > 0 && total % width === 0;
    const down = Math.floor(total / width) - this.#cursorRow;
    this.#cursorRow = 0;
    return (down > 0 ? `\x1b[${down}B` : "") + (filled ? "\r" : "\r\n");
  }
}
