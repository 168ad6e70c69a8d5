/**
 * The cuts the streaming redaction tests make in the corpus
 * (`_corpus_cuts.ts`) cover what that module says they cover.
 */
import assert from "node:assert/strict";
import { corpus } from "./_corpus.ts";
import {
  corpusCuts,
  cutsAroundValue,
  EDGE,
  LEAD,
  onePerClass,
  STRIDE,
  valueSpan,
} from "./_corpus_cuts.ts";

const cuts = corpusCuts(corpus);

Deno.test("every text is cut within EDGE characters of both edges of its value, and at every STRIDE-th offset", () => {
  corpus.forEach((entry, index) => {
    const offsets = new Set(cuts[index]);
    const { start, end } = valueSpan(entry);
    for (let offset = 0; offset <= entry.text.length; offset++) {
      const nearEdge = Math.abs(offset - start) <= EDGE || Math.abs(offset - end) <= EDGE;
      if (nearEdge || offset % STRIDE === index % STRIDE) {
        assert.ok(offsets.has(offset), `${entry.name}: ${offset}`);
      }
    }
    assert.ok(cuts[index].every((offset) => offset >= 0 && offset <= entry.text.length));
  });
});

Deno.test("each canary's value is cut near its edges and its characters outside the run alphabet in some text of each context type, and each context outside the value in some text of each scope", () => {
  const valueCovered = new Set<string>();
  const contextCovered = new Set<string>();
  corpus.forEach((entry, index) => {
    const { start, end } = valueSpan(entry);
    const offsets = new Set(cuts[index]);
    const all = (from: number, to: number, where = (_: number) => true) => {
      for (let offset = from; offset <= to; offset++) {
        if (where(offset) && !offsets.has(offset)) return false;
      }
      return true;
    };
    const outsideRun = [...entry.text.slice(start, end)].flatMap((character, at) =>
      /[A-Za-z0-9+/_-]/.test(character) ? [] : [start + at]
    );
    const nearEdgeOrMark = (offset: number) =>
      offset - start <= LEAD || end - offset <= LEAD ||
      outsideRun.some((at) => offset >= at - EDGE && offset <= at + 1 + EDGE);
    if (all(start, end, nearEdgeOrMark)) {
      valueCovered.add(`${entry.canary.name} in ${entry.contextType}`);
    }
    if (all(0, start) && all(end, entry.text.length)) {
      contextCovered.add(`${entry.context} for ${entry.canary.scope}`);
    }
  });
  for (const entry of corpus) {
    assert.ok(valueCovered.has(`${entry.canary.name} in ${entry.contextType}`), entry.name);
    assert.ok(contextCovered.has(`${entry.context} for ${entry.canary.scope}`), entry.name);
  }
});

Deno.test("one text of each canary and each context: every canary and every context is there", () => {
  const sample = onePerClass(corpus);
  assert.deepEqual(
    new Set(sample.map((entry) => entry.canary.name)),
    new Set(corpus.map((entry) => entry.canary.name)),
  );
  assert.deepEqual(
    new Set(sample.map((entry) => entry.context)),
    new Set(corpus.map((entry) => entry.context)),
  );
  assert.ok(sample.length < corpus.length / 10);
});

Deno.test("a text made outside the corpus is cut at every offset but inside runs of letters and digits, and there every STRIDE-th", () => {
  const value = "A".repeat(100) + "\\/" + "b".repeat(100) + "%2F" + "9".repeat(100);
  const text = `key%3D${value}&next=1`;
  const start = text.indexOf(value);
  const end = start + value.length;
  for (const phase of [0, 5]) {
    const cuts = new Set(cutsAroundValue(text, start, end, phase));
    for (let offset = 0; offset <= text.length; offset++) {
      // Within EDGE of `\`, `/` and `%`, the characters of the escapes that are not letters or digits.
      const escape = [start + 100, start + 101, start + 202].some((at) =>
        offset >= at - EDGE && offset <= at + 1 + EDGE
      );
      const edge = offset <= start + EDGE || offset >= end - EDGE;
      if (edge || escape || offset % STRIDE === phase) assert.ok(cuts.has(offset), `${offset}`);
      else assert.ok(!cuts.has(offset), `${offset} is inside a run`);
    }
  }
});
