import assert from "node:assert/strict";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

Deno.test("ask -x pipes the first block; --extract-last the last; none is exit 1", async () => {
  await using workspace = await tempWorkspace();
  const base = ["ask", "--provider", "mock", "--model", "mock-code"];
  const first = await runInProcess([...base, "-x", "count", "these"], workspace);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, 'echo "your prompt had 2 words"\n');
  const last = await runInProcess([...base, "--extract-last", "--no-stream", "hi"], workspace);
  assert.equal(last.stdout, 'print("your prompt had 1 words")\n');
  const json = await runInProcess([...base, "-x", "-o", "json", "hi"], workspace);
  const result = JSON.parse(json.stdout);
  assert.equal(result.result, 'echo "your prompt had 1 words"\n');
  assert.match(result.reply, /^Here is a shell command:/);
  const none = await runInProcess(["ask", "--provider", "mock", "-x", "hi"], workspace);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /Cannot extract a code block \(--extract\)/);
  const both = await runInProcess([...base, "-x", "--extract-last", "hi"], workspace);
  assert.equal(both.code, 2);
});
