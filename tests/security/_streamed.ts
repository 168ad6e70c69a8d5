/**
 * A text through the streaming redactor in pieces, for the tests that
 * compare it with `redact` of the whole.
 *
 * @module
 */
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";

/** `text` pushed in pieces cut at `cuts` (one offset, or several in order), then finished. */
export function streamed(text: string, cuts: number | readonly number[]): string {
  const redactor = new IncrementalRedactor();
  let output = "";
  let start = 0;
  for (const cut of [...(typeof cuts === "number" ? [cuts] : cuts), text.length]) {
    output += redactor.push(text.slice(start, cut));
    start = cut;
  }
  return output + redactor.finish();
}
