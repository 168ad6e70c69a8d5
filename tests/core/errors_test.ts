import assert from "node:assert/strict";
import { errorChain } from "../../src/core/errors.ts";

Deno.test("errorChain is the error and its causes, Errors only, at most the limit", () => {
  const root = new Error("root");
  const middle = new Error("middle", { cause: root });
  const top = new Error("top", { cause: middle });
  assert.deepEqual(errorChain(top), [top, middle, root]);
  assert.deepEqual(errorChain(top, 2), [top, middle]);
  assert.deepEqual(errorChain(new Error("x", { cause: "text" })).length, 1);
  assert.deepEqual(errorChain("not an error"), []);
  const loop = new Error("loop");
  loop.cause = loop;
  assert.equal(errorChain(loop).length, 6);
});
