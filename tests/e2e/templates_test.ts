import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

Deno.test("templates: ask -T, chat -T and a batch item's template use it; flags win; secrets refused", async () => {
  await using workspace = await tempWorkspace();
  const added = await runInProcess(
    [
      "templates",
      "add",
      "count",
      "--prompt",
      "Count {input} please",
      "--provider",
      "mock",
      "--model",
      "mock-code",
    ],
    workspace,
  );
  assert.equal(added.code, 0, added.stderr);
  const ask = await runInProcess(["ask", "-T", "count", "-x", "these", "words"], {
    ...workspace,
    stdin: "piped\n",
  });
  assert.equal(ask.code, 0, ask.stderr);
  // "Count piped\n\nthese words please": five words.
  assert.equal(ask.stdout, 'echo "your prompt had 5 words"\n');
  const overridden = await runInProcess(
    ["ask", "-T", "count", "--model", "mock-1", "hi"],
    workspace,
  );
  assert.match(
    overridden.stdout,
    /^Hello from the mock provider\. Your prompt had 3 words, starting "Count hi please"/,
  );
  const chat = await runInProcess(["chat", "-T", "count"], { ...workspace, stdin: "one\n" });
  assert.equal(chat.code, 0, chat.stderr);
  assert.match(chat.stdout, /your prompt had 3 words/);
  const batch = await runInProcess(["batch", "--job", "templated"], {
    ...workspace,
    stdin: JSON.stringify({ id: 1, prompt: "a b", template: "count", model: "mock-1" }) + "\n" +
      JSON.stringify({ id: 2, prompt: "x", template: "missing" }) + "\n",
  });
  assert.equal(batch.code, 1);
  const lines = batch.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.match(lines.find((line) => line.id === 1).text, /starting "Count a b please"/);
  const failed = lines.find((line) => line.id === 2);
  assert.equal(failed.error.exit_code, 2);
  assert.match(failed.error.message, /No template "missing"/);

  const key = openaiProjectKey("e2e");
  const refused = await runInProcess(
    ["templates", "add", "leak", "--system", `use ${key}`],
    workspace,
  );
  assert.equal(refused.code, 3);
  assert.ok(!refused.stderr.includes(key) && !refused.stdout.includes(key));
  const config = await Deno.readTextFile(`${workspace.home}/config.json`);
  assert.ok(!config.includes(key));
  const unknown = await runInProcess(["ask", "-T", "nope", "hi"], workspace);
  assert.equal(unknown.code, 2);
});
