import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

Deno.test("ask -c continues the last conversation: the second request carries the first exchange", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("ASKC");
  await using fake = await startOpenAIChatFake({ apiKey: key });
  const options = { ...workspace, env: { OPENAI_API_KEY: key } };
  const base = ["--provider", "openai", "--base-url", fake.baseURL];
  const first = await runInProcess(["ask", ...base, "--output", "json", "first question"], options);
  assert.equal(first.code, 0, first.stderr);
  const second = await runInProcess(
    ["ask", "-c", ...base, "--output", "json", "second question"],
    options,
  );
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(fake.violations, []);
  type Body = { messages: { role: string; content: unknown }[] };
  assert.equal((fake.requests[0].json as Body).messages.length, 1);
  const messages = (fake.requests[1].json as Body).messages;
  assert.deepEqual(messages.map((message) => message.role), ["user", "assistant", "user"]);
  assert.match(JSON.stringify(messages[0].content), /first question/);
  assert.match(JSON.stringify(messages[1].content), /Hello from the fake model/);
  assert.match(JSON.stringify(messages[2].content), /second question/);
  const id = JSON.parse(first.stdout).session_id;
  assert.equal(JSON.parse(second.stdout).session_id, id, "the session id is the conversation id");

  const third = await runInProcess(["ask", "--conversation", id, ...base, "third"], options);
  assert.equal(third.code, 0, third.stderr);
  assert.equal((fake.requests[2].json as Body).messages.length, 5);
  await assertNoCanaryInTree(workspace.home, [key], (path) => path.endsWith("/config.json"));
});

Deno.test("ask -c on the mock continues with the conversation's provider; without one it is a usage error", async () => {
  await using workspace = await tempWorkspace();
  const none = await runInProcess(["ask", "-c", "hello"], workspace);
  assert.equal(none.code, 2, none.stderr);
  assert.match(none.stderr, /No conversation to continue/);
  await runInProcess(["ask", "--provider", "mock", "first words here"], workspace);
  const next = await runInProcess(["ask", "-c", "--output", "json", "second"], workspace);
  assert.equal(next.code, 0, next.stderr);
  const result = JSON.parse(next.stdout);
  assert.equal(result.provider, "mock");
  const fresh = await runInProcess(
    ["ask", "--provider", "mock", "--no-history", "--output", "json", "second"],
    workspace,
  );
  assert.ok(
    result.usage.input_tokens > JSON.parse(fresh.stdout).usage.input_tokens,
    "the earlier exchange was sent too",
  );
});

Deno.test("history list, show, export, rm and purge on the real CLI", async () => {
  await using workspace = await tempWorkspace();
  await runInProcess(["ask", "--provider", "mock", "the first conversation"], workspace);
  await runInProcess(["chat", "--provider", "mock"], {
    ...workspace,
    stdin: "the second one\n/save second\n",
  });
  const list = await runInProcess(["history", "list", "--json"], workspace);
  assert.equal(list.code, 0, list.stderr);
  const summaries = JSON.parse(list.stdout);
  assert.deepEqual(summaries.map((item: { id: string }) => item.id).slice(0, 1), ["second"]);
  assert.equal(summaries.length, 2);
  const text = await runInProcess(["history", "list"], workspace);
  assert.match(text.stdout, /^second\t[\d-]+ [\d:]+\t2\tmock\/mock-1\tthe second one$/m);

  const show = await runInProcess(["history", "show", "second"], workspace);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /## user\n\nthe second one\n\n## assistant\n\nHello from the mock/);
  const exported = JSON.parse((await runInProcess(["history", "export"], workspace)).stdout);
  assert.equal(exported.conversations.length, 2);

  const rm = await runInProcess(["history", "rm", "second"], workspace);
  assert.equal(rm.code, 0, rm.stderr);
  const missing = await runInProcess(["history", "show", "second"], workspace);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No conversation "second"/);

  const refused = await runInProcess(["history", "purge"], workspace);
  assert.equal(refused.code, 2);
  const purge = await runInProcess(["history", "purge", "--yes", "--json"], workspace);
  assert.equal(purge.code, 0, purge.stderr);
  assert.equal(JSON.parse(purge.stdout).removed, 1);
  assert.equal((await runInProcess(["history", "list", "--json"], workspace)).stdout.trim(), "[]");
});
