/**
 * Text from outside (a model's reply, a server's error) made harmless for a
 * terminal: every control character but the line feed and the tab is shown
 * as `cat -v` shows it, so an escape sequence (an OSC 52 clipboard write, a
 * window title, cursor movement, a CSI or C1 control) is printed, never
 * obeyed. Colour is omn's own and is added after this step.
 *
 * @module
 */

/**
 * The visible form of one control character: `^[` for ESC, `^G` for BEL,
 * `^?` for DEL, `M-^[` for the C1 control U+009B (CSI).
 */
function visibleControl(code: number): string {
  if (code === 0x7f) return "^?";
  if (code >= 0x80) return `M-${visibleControl(code - 0x80)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

/** C0 controls except tab and line feed, DEL, and the C1 controls. */
// deno-lint-ignore no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * `text` with every control character except `\n` and `\t` replaced by its
 * visible form; a `\r` right before a `\n` stays (a CRLF line end is a
 * line end), a lone `\r` (which would let text overwrite its own line) does not.
 *
 * @example
 * ```ts
 * import { neutralizeControls } from "./neutralize_controls.ts";
 * neutralizeControls("hi\x1b]52;c;ZXZpbA==\x07\rX\n"); // "hi^[]52;c;ZXZpbA==^G^MX\n"
 * ```
 */
export function neutralizeControls(text: string): string {
  return text.replace(
    CONTROLS,
    (control, offset: number) =>
      control === "\r" && text.charCodeAt(offset + 1) === 0x0a
        ? control
        : visibleControl(control.charCodeAt(0)),
  );
}

/**
 * {@linkcode neutralizeControls} over a text that arrives in pieces: the
 * concatenation of what `push` and `finish` return equals
 * `neutralizeControls` of the whole text, wherever it is split (only a
 * trailing `\r` waits for the next piece).
 */
export class ControlNeutralizer {
  #pendingReturn = false;

  /** Takes the next piece and returns its neutralised form. */
  push(piece: string): string {
    if (piece.length === 0) return "";
    let text = this.#pendingReturn ? `\r${piece}` : piece;
    this.#pendingReturn = text.endsWith("\r");
    if (this.#pendingReturn) text = text.slice(0, -1);
    return neutralizeControls(text);
  }

  /** Ends the text and returns what was held back. */
  finish(): string {
    const held = this.#pendingReturn ? visibleControl(0x0d) : "";
    this.#pendingReturn = false;
    return held;
  }
}
