/**
 * A text through the streaming redactor in two pieces, for the tests that
 * compare it with `redact` of the whole.
 *
 * @module
 */
import { IncrementalRedactor } from "../../src/security/incremental_redactor.ts";

/** `text` pushed in two pieces cut at `cut`, then finished. */
export function streamed(text: string, cut: number): string {
  const redactor = new IncrementalRedactor();
  return redactor.push(text.slice(0, cut)) + redactor.push(text.slice(cut)) + redactor.finish();
}
