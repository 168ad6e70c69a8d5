import assert from "node:assert/strict";
import { LineJoiner } from "../../src/chat/line_joiner.ts";

Deno.test("LineJoiner: a trailing backslash continues the message on the next line", () => {
  const joiner = new LineJoiner();
  assert.equal(joiner.push("one"), "one");
  assert.equal(joiner.push("two \\"), undefined);
  assert.equal(joiner.pending, true);
  assert.equal(joiner.push("\\"), undefined);
  assert.equal(joiner.push("three"), "two \n\nthree");
  assert.equal(joiner.pending, false);
});

Deno.test("LineJoiner: a double backslash is one literal backslash at the end", () => {
  assert.equal(new LineJoiner().push("C:\\\\"), "C:\\");
});

Deno.test("LineJoiner: flush returns what was begun; reset drops it", () => {
  const joiner = new LineJoiner();
  assert.equal(joiner.flush(), undefined);
  joiner.push("begun\\");
  assert.equal(joiner.flush(), "begun");
  joiner.push("dropped\\");
  joiner.reset();
  assert.equal(joiner.push("fresh"), "fresh");
});
