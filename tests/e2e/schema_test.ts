import assert from "node:assert/strict";
import { runInProcess } from "./_in_process.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

const SCHEMA = JSON.stringify({
  type: "object",
  required: ["title", "score"],
  properties: { title: { type: "string" }, score: { type: "integer", minimum: 1 } },
});

Deno.test("--schema asks for JSON and accepts a conforming reply", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess([
    "ask",
    "--provider",
    "mock",
    "--schema",
    SCHEMA,
    "-o",
    "json",
    "rate this",
  ], workspace);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(JSON.parse(result.stdout).result), { title: "mock", score: 1 });
});

Deno.test("--schema from a file outside the permission set gets one line and the inline alternative", async () => {
  await using workspace = await tempWorkspace();
  const outside = await runOmn(
    ["ask", "--provider", "mock", "--schema", "/etc/hostname", "hi"],
    workspace,
  );
  assert.equal(outside.code, 3);
  assert.match(outside.stderr, /--schema "\$\(cat \/etc\/hostname\)"/);
});

Deno.test("a reply that does not conform exits 1 with the validation error", async () => {
  await using workspace = await tempWorkspace();
  // The mock answers the simplest conforming value of the schema it is sent; a const that
  // differs from what the check expects cannot be met, so the check must catch it.
  const schema = JSON.stringify({
    type: "object",
    required: ["n"],
    properties: { n: { type: "integer", minimum: 3 } },
    allOf: [{ properties: { n: { maximum: 2 } } }],
  });
  const result = await runInProcess(
    ["ask", "--provider", "mock", "--schema", schema, "-o", "json", "x"],
    workspace,
  );
  assert.equal(result.code, 1);
  const object = JSON.parse(result.stdout);
  assert.equal(object.is_error, true);
  assert.match(object.error, /does not conform to --schema: #\/n: .*2/);
  assert.match(result.stderr, /does not conform to --schema/);
});

Deno.test("an unparsable schema is a usage error", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(
    ["ask", "--provider", "mock", "--schema", "{not json", "x"],
    workspace,
  );
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Cannot parse the schema/);
});
