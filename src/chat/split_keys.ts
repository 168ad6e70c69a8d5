/**
 * Splits what a terminal in raw mode sends into keys: one character, or one
 * escape sequence (`ESC [ … final`, `ESC O x`, `ESC x`). Pure.
 *
 * @module
 */

/** Keys, and the start of an escape sequence that the next chunk completes. */
export interface SplitKeys {
  keys: string[];
  /** An unfinished escape sequence at the end of the text, to prepend to the next chunk. */
  rest: string;
}

/**
 * Splits `text` into keys. `\r\n` counts as one Enter (`\r`), and `\n` alone
 * is Enter too (pasted text).
 *
 * @example
 * ```ts
 * import { splitKeys } from "./split_keys.ts";
 * splitKeys("hi\x1b[D\r\x1b["); // { keys: ["h", "i", "\x1b[D", "\r"], rest: "\x1b[" }
 * ```
 */
export function splitKeys(text: string): SplitKeys {
  const keys: string[] = [];
  const characters = [...text];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index];
    if (character === "\x1b") {
      const next = characters[index + 1];
      if (next === undefined) return { keys, rest: characters.slice(index).join("") };
      if (next === "[") {
        let end = index + 2;
        while (end < characters.length && /[0-9;?]/.test(characters[end])) end++;
        if (end >= characters.length) return { keys, rest: characters.slice(index).join("") };
        keys.push(characters.slice(index, end + 1).join(""));
        index = end + 1;
      } else if (next === "O") {
        if (index + 2 >= characters.length) {
          return { keys, rest: characters.slice(index).join("") };
        }
        keys.push(characters.slice(index, index + 3).join(""));
        index += 3;
      } else {
        keys.push(character + next);
        index += 2;
      }
    } else if (character === "\r" || character === "\n") {
      keys.push("\r");
      index += character === "\r" && characters[index + 1] === "\n" ? 2 : 1;
    } else {
      keys.push(character);
      index++;
    }
  }
  return { keys, rest: "" };
}
