/**
 * Ways to hide a secret from a plain match, for the tests of the redactor
 * and of the outgoing-secret guard.
 *
 * @module
 */

/** Every invisible character the guard and the redactor must see through. */
export const INVISIBLES = [
  "\u200B", // zero-width space
  "\u200C", // zero-width non-joiner
  "\u200D", // zero-width joiner
  "\u2060", // word joiner
  "\u00AD", // soft hyphen
  "\uFEFF", // byte order mark
  "\u180E", // Mongolian vowel separator (Cf)
  "\u2062", // invisible times (Cf)
  "\u200E", // left-to-right mark (Cf)
  "\uFE0F", // variation selector
  "\u{E0041}", // tag letter (Cf, a surrogate pair)
];

/** `value` with `invisible` inserted before the characters at `positions`. */
export function withInvisible(value: string, invisible: string, positions: number[]): string {
  let output = "";
  for (let index = 0; index < value.length; index++) {
    if (positions.includes(index)) output += invisible;
    output += value[index];
  }
  return output;
}

/** `value` in fullwidth forms (U+FF01–FF5E). */
export function fullwidth(value: string): string {
  return [...value].map((character) => {
    const code = character.charCodeAt(0);
    return code >= 0x21 && code <= 0x7e ? String.fromCharCode(code + 0xfee0) : character;
  }).join("");
}

/** `value` with Latin letters replaced by Cyrillic look-alikes where there is one. */
export function lookAlike(value: string): string {
  const map: Record<string, string> = {
    a: "\u0430",
    e: "\u0435",
    o: "\u043E",
    p: "\u0440",
    c: "\u0441",
    A: "\u0410",
    C: "\u0421",
    N: "\u039D",
    Y: "\u04AE",
  };
  return [...value].map((character) => map[character] ?? character).join("");
}
