/**
 * `Matcher.holdPoint` keeps back the beginning of every anchor cut by the
 * end of a chunk (`sk-a`, `AKI`, `-----BEG`), compared character by
 * character against the anchors that start with the same character.
 */
import assert from "node:assert/strict";
import { Matcher } from "../../src/security/_matcher.ts";
import { patterns } from "../../src/security/patterns.ts";

const matcher = new Matcher([]);
const anchors = [...new Set(patterns.flatMap((rule) => rule.anchors))];

Deno.test("every proper beginning of every anchor at the end of a text is held back", () => {
  for (const anchor of anchors) {
    for (let length = 1; length < anchor.length; length++) {
      // A space before: a boundary, as most formats need; a newline: the line before is decided.
      const text = `decided line\nx ${anchor.slice(0, length)}`;
      const start = text.length - length;
      assert.ok(
        matcher.holdPoint(text, 0) <= start,
        `${JSON.stringify(anchor)} cut after ${length}`,
      );
    }
  }
});

Deno.test("a tail that begins no anchor (nor any other format) is released", () => {
  // "x" begins xai-, xox and xapp-, but "x;" begins none of them.
  for (const text of ["decided line\nplain words x;", "decided line\nzq_ ;", "line\n"]) {
    assert.equal(matcher.holdPoint(text, 0), text.length, JSON.stringify(text));
  }
});
