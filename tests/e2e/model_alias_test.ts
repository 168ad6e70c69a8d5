import assert from "node:assert/strict";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

Deno.test("--model PROVIDER/MODEL and aliases choose provider and model in ask, chat, batch and completions", async () => {
  await using workspace = await tempWorkspace();
  const pair = await runInProcess(
    ["ask", "-o", "json", "--model", "mock/mock-code", "hi"],
    workspace,
  );
  assert.equal(pair.code, 0, pair.stderr);
  const result = JSON.parse(pair.stdout);
  assert.equal(result.provider, "mock");
  assert.equal(result.model, "mock-code");

  const added = await runInProcess(["models", "alias", "code", "mock/mock-code"], workspace);
  assert.equal(added.code, 0, added.stderr);
  const alias = await runInProcess(["ask", "-x", "--model", "code", "two words"], workspace);
  assert.equal(alias.code, 0, alias.stderr);
  assert.equal(alias.stdout, 'echo "your prompt had 2 words"\n');

  const chat = await runInProcess(["chat", "-m", "code"], { ...workspace, stdin: "hello\n" });
  assert.equal(chat.code, 0, chat.stderr);
  assert.match(chat.stdout, /^Here is a shell command:/);

  const batch = await runInProcess(["batch", "--job", "aliases"], {
    ...workspace,
    stdin: JSON.stringify({ id: "a", prompt: "hi", model: "code" }) + "\n" +
      JSON.stringify({ id: "b", prompt: "hi", model: "mock/mock-1" }) + "\n",
  });
  assert.equal(batch.code, 0, batch.stderr);
  const lines = batch.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.match(lines.find((line) => line.id === "a").text, /^Here is a shell command/);
  assert.match(lines.find((line) => line.id === "b").text, /^Hello from the mock provider/);

  const models = await runInProcess(["models", "mock"], workspace);
  assert.match(models.stdout, /^mock\tmock-code\t-\t-\t-\t-\talias code$/m);
  const completions = await runInProcess(["completions", "bash"], workspace);
  assert.match(completions.stdout, /__omn_values_model='code [^']*mock\/mock-1/);

  const conflict = await runInProcess(
    ["ask", "--provider", "openai", "--model", "code", "hi"],
    workspace,
  );
  assert.equal(conflict.code, 2);
  assert.match(conflict.stderr, /Cannot use model alias "code" with --provider openai/);
  const removed = await runInProcess(["models", "alias", "--rm", "code"], workspace);
  assert.equal(removed.code, 0, removed.stderr);
  const gone = await runInProcess(["ask", "--model", "code", "hi"], workspace);
  assert.notEqual(gone.code, 0);
});
