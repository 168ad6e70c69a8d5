/**
 * Where to cut the corpus's texts in two, for the tests that compare a
 * streaming redactor (`IncrementalRedactor`, `ByteRedactor`) with `redact`.
 *
 * A cut changes a streaming redactor's work only where it falls in text the
 * redactor must hold back: the value and what touches it (the key, the
 * separator or quote before it, the anchor that starts it, the character
 * that ends it). The corpus puts each canary in some twenty contexts, so a
 * cut at every offset of every text repeats the same classes many times:
 *
 * - **the edges of each value**, where a context's separator or quote
 *   meets a format's anchor or terminator, differ in every text: every
 *   offset within {@linkcode EDGE} characters of either edge (a format's
 *   lookbehind reads one character before it, or a `%XX` escape, and its
 *   lookahead one after it), in every text;
 * - **the inside of a value** is a run of the format's own alphabet, held
 *   from the match's start (its anchor, or the key before it) whatever
 *   follows the edge: in the first context of each context type (bare,
 *   keyed, header, URL, PEM) that the canary is placed in, every offset
 *   within {@linkcode LEAD} characters of either edge (all of most values,
 *   the first line of a PEM body and its last) and within
 *   {@linkcode EDGE} characters of each character outside the run alphabet
 *   of letters, digits, `+`, `/`, `_` and `-` (a line break, an escape such
 *   as `\n` or `%2B`, a `.`, a `=`); the rest of a long value (a PEM body's
 *   middle lines, a Bedrock short-term key's 600 characters) is the same
 *   run again, cut at the stride below;
 * - **the context away from the value** is the same text for every canary
 *   of a scope but for the key's name, which matters only to the formats
 *   found next to their key (prefix formats are found wherever they stand):
 *   every offset in the first canary of each scope placed in it, and of
 *   each key for the formats found by their key.
 *
 * Every other offset is still cut at a stride of {@linkcode STRIDE}, its
 * phase moving from text to text, so that across the contexts of one canary
 * the offsets inside its value are cut in many phases.
 *
 * @module
 */
import { contexts, type CorpusCase } from "./_corpus.ts";

/** Characters on each side of each edge of a value cut at every offset, in every text. */
export const EDGE = 6;

/** The stride of the cuts elsewhere. */
export const STRIDE = 32;

/** Characters from each edge of a value cut at every offset inside it, in the first text of each class. */
export const LEAD = 64;

/** The characters of the runs inside a value, between which every cut is alike. */
const RUN_CHARACTER = /[A-Za-z0-9+/_-]/;

/** Where the value of `entry` is, as it appears in the text (encoded as its context encodes it). */
export function valueSpan(entry: CorpusCase): { start: number; end: number } {
  const shown = (contextOf(entry).encode ?? ((value: string) => value))(entry.canary.text);
  const start = entry.text.indexOf(shown);
  if (start < 0) throw new Error(`Cannot find the value in "${entry.name}"`);
  return { start, end: start + shown.length };
}

function contextOf(entry: CorpusCase): (typeof contexts)[number] {
  const context = contexts.find(({ name }) => name === entry.context);
  if (context === undefined) throw new Error(`Cannot find the context "${entry.context}"`);
  return context;
}

/**
 * The character offsets (0 to the text's length) at which to cut each
 * entry's text, in the order of `entries`, following the classes above.
 */
export function corpusCuts(entries: readonly CorpusCase[]): number[][] {
  const valueSeen = new Set<string>();
  const contextSeen = new Set<string>();
  return entries.map((entry, index) => {
    const { start, end } = valueSpan(entry);
    // A value its context encodes (escaped, URL-encoded, its lines indented) is a class of its own.
    const encoding = entry.verbatim ? "" : entry.context;
    const valueClass = `${entry.canary.name}\n${entry.contextType}\n${encoding}`;
    const wholeValue = !valueSeen.has(valueClass);
    valueSeen.add(valueClass);
    const key = entry.canary.scope === "prefix" ? "" : entry.canary.key;
    const contextClass = `${entry.context}\n${entry.canary.scope}\n${key}`;
    const wholeContext = !contextSeen.has(contextClass);
    contextSeen.add(contextClass);
    const marks: number[] = [];
    for (let at = start; at < end; at++) {
      if (!RUN_CHARACTER.test(entry.text[at])) marks.push(at, at + 1);
    }
    const valueCut = (offset: number) =>
      offset - start <= LEAD || end - offset <= LEAD ||
      marks.some((mark) => Math.abs(offset - mark) <= EDGE);
    const offsets: number[] = [];
    for (let offset = 0; offset <= entry.text.length; offset++) {
      const nearEdge = Math.abs(offset - start) <= EDGE || Math.abs(offset - end) <= EDGE;
      const inside = offset > start && offset < end;
      if (
        nearEdge || (inside ? wholeValue && valueCut(offset) : wholeContext) ||
        offset % STRIDE === index % STRIDE
      ) {
        offsets.push(offset);
      }
    }
    return offsets;
  });
}

/**
 * The offsets (0 to the text's length) at which to cut a text that holds one
 * value at `start`…`end`, by the same classes for a text made outside the
 * corpus: every offset outside the value and within {@linkcode EDGE}
 * characters of its edges; inside it, every offset within {@linkcode EDGE}
 * characters of a character that is not a letter or a digit (an escape such
 * as `\/` or `%2F`, a separator, a line break), and every
 * {@linkcode STRIDE}-th offset (from `phase`) in the runs of letters and
 * digits between them, which are held from the match's start whatever the
 * cut, as above.
 */
export function cutsAroundValue(text: string, start: number, end: number, phase = 0): number[] {
  const marks: number[] = [start, end];
  for (let index = start; index < end; index++) {
    if (!/[A-Za-z0-9]/.test(text[index])) marks.push(index, index + 1);
  }
  const offsets: number[] = [];
  for (let offset = 0; offset <= text.length; offset++) {
    const inside = offset > start + EDGE && offset < end - EDGE;
    if (
      !inside || offset % STRIDE === phase % STRIDE ||
      marks.some((mark) => Math.abs(offset - mark) <= EDGE)
    ) {
      offsets.push(offset);
    }
  }
  return offsets;
}

/**
 * One text of each canary and one of each context (the shortest of each in
 * `entries`): every format and every context once, for runs whose cost
 * grows faster than the text (a cut at every offset, chunks of one to a few
 * characters, each a rescan of the held text), where the whole corpus would
 * repeat each class twenty times.
 */
export function onePerClass(entries: readonly CorpusCase[]): CorpusCase[] {
  const shortest = new Map<string, CorpusCase>();
  for (const entry of entries) {
    for (const name of [`canary ${entry.canary.name}`, `context ${entry.context}`]) {
      const known = shortest.get(name);
      if (known === undefined || entry.text.length < known.text.length) shortest.set(name, entry);
    }
  }
  return entries.filter((entry) => [...shortest.values()].includes(entry));
}
