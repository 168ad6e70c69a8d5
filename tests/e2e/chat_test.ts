import assert from "node:assert/strict";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { tempWorkspace } from "./_workspace.ts";

/** The conversation files of a config directory. */
async function conversationFiles(home: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${home}/conversations`)) {
      if (entry.name.endsWith(".json")) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

Deno.test("piped chat: one reply per message, continued lines, / commands, one 0600 conversation file", async () => {
  await using workspace = await tempWorkspace();
  const result = await runInProcess(["chat", "--provider", "mock"], {
    ...workspace,
    stdin: [
      "hello there",
      "a message on\\",
      "two lines",
      "/usage",
      "/system be brief",
      "/model mock-1",
      "/help",
      "//slash first",
      "/exit",
      "never sent",
      "",
    ].join("\n"),
  });
  assert.equal(result.code, 0, result.stderr);
  const replies = result.stdout.trimEnd().split("\n");
  assert.equal(replies.length, 3, result.stdout);
  assert.match(replies[0], /2 words, starting "hello there"/);
  assert.match(replies[1], /5 words, starting "a message on two lines"/);
  assert.match(replies[2], /starting "\/slash first"/);
  assert.match(result.stderr, /Usage: 2 requests, \d+ input tokens/);
  assert.match(result.stderr, /Provider mock, model mock-1/);
  assert.match(result.stderr, /\/save NAME/);
  assert.ok(!/[⠋⠙⠹]/.test(result.stderr), "no spinner when stderr is not a terminal");
  const [file] = await conversationFiles(workspace.home);
  assert.match(file, /^[0-9a-f-]{36}\.json$/);
  const path = `${workspace.home}/conversations/${file}`;
  assert.equal((await Deno.lstat(path)).mode! & 0o777, 0o600);
  assert.equal((await Deno.lstat(`${workspace.home}/conversations`)).mode! & 0o777, 0o700);
  const conversation = JSON.parse(await Deno.readTextFile(path));
  assert.equal(conversation.messages.length, 6);
  assert.equal(conversation.messages[2].content, "a message on\ntwo lines");
  assert.equal(conversation.system, "be brief");
  const chatHistory = await Deno.lstat(`${workspace.home}/chat_history.jsonl`).catch(() => null);
  assert.equal(chatHistory, null, "piped input is not kept as input history");
});

Deno.test("chat -c goes on with the last conversation: the next request carries the earlier exchange", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("CHATC");
  await using fake = await startOpenAIChatFake({ apiKey: key });
  const options = { ...workspace, env: { OPENAI_API_KEY: key } };
  const first = await runInProcess(
    ["chat", "--provider", "openai", "--base-url", fake.baseURL, "--system", "be brief"],
    { ...options, stdin: "first question\n" },
  );
  assert.equal(first.code, 0, first.stderr);
  const second = await runInProcess(["chat", "-c", "--base-url", fake.baseURL], {
    ...options,
    stdin: "second question\n",
  });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(fake.violations, []);
  const messages =
    (fake.requests.at(-1)!.json as { messages: { role: string; content: unknown }[] })
      .messages;
  assert.deepEqual(messages.map((message) => message.role), [
    "system",
    "user",
    "assistant",
    "user",
  ]);
  assert.match(JSON.stringify(messages[1].content), /first question/);
  assert.match(JSON.stringify(messages[2].content), /Hello from the fake model/);
  assert.match(JSON.stringify(messages[3].content), /second question/);
  assert.equal((await conversationFiles(workspace.home)).length, 1);
  assertNoCanary({ first: first.stdout + first.stderr, second: second.stdout + second.stderr }, [
    key,
  ]);
});

Deno.test("/save and /load in piped chat; --conversation NAME resumes the saved one", async () => {
  await using workspace = await tempWorkspace();
  const saved = await runInProcess(["chat", "--provider", "mock"], {
    ...workspace,
    stdin: "remember the milk\n/save shopping\n/clear\nsomething else\n",
  });
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stderr, /Saved the conversation as "shopping"/);
  const files = await conversationFiles(workspace.home);
  assert.equal(files.length, 2);
  assert.ok(files.includes("shopping.json"));
  const loaded = await runInProcess(["chat", "--provider", "mock"], {
    ...workspace,
    stdin: "/load shopping\n/usage\nand eggs\n",
  });
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.match(loaded.stderr, /Loaded "shopping": 2 messages/);
  const resumed = await runInProcess(["chat", "--conversation", "shopping"], {
    ...workspace,
    stdin: "and bread\n",
  });
  assert.equal(resumed.code, 0, resumed.stderr);
  const conversation = JSON.parse(
    await Deno.readTextFile(`${workspace.home}/conversations/shopping.json`),
  );
  assert.deepEqual(
    conversation.messages.filter((message: { role: string }) => message.role === "user")
      .map((message: { content: string }) => message.content),
    ["remember the milk", "and eggs", "and bread"],
  );
});

Deno.test("canary secrets typed into chat reach no file but masked, whatever --on-secret", async () => {
  await using workspace = await tempWorkspace();
  const canaries = [openaiProjectKey("CHATFILE"), anthropicKey("CHATFILE")];
  for (const policy of ["redact", "allow"]) {
    const result = await runInProcess(["chat", "--provider", "mock", "--on-secret", policy], {
      ...workspace,
      stdin: `my key is ${canaries[0]}\n/system use ${canaries[1]}\nhello\n/save kept-${policy}\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, canaries);
  }
  await assertNoCanaryInTree(workspace.home, canaries);
  const files = await conversationFiles(workspace.home);
  assert.deepEqual(files, ["kept-allow.json", "kept-redact.json"]);
  const text = await Deno.readTextFile(`${workspace.home}/conversations/kept-allow.json`);
  assert.match(text, /my key is sk-proj-\*\*\*/);
  assert.match(text, /use sk-ant-\*\*\*/);
  const blocked = await runInProcess(["chat", "--provider", "mock", "--on-secret", "block"], {
    ...workspace,
    stdin: `my key is ${canaries[0]}\n`,
  });
  assert.equal(blocked.code, 3, blocked.stderr);
  assertNoCanary({ stderr: blocked.stderr }, canaries);
});

Deno.test("--no-history, history false and CI=1 write nothing; the config can turn history on in CI", async () => {
  await using workspace = await tempWorkspace();
  const environments: Record<string, string>[] = [{}, { CI: "1" }];
  for (const args of [["chat", "--no-history"], ["ask", "--no-history", "hello"]]) {
    for (const env of environments) {
      const result = await runInProcess([...args, "--provider", "mock"], {
        ...workspace,
        stdin: "hello\n",
        env,
      });
      assert.equal(result.code, 0, result.stderr);
    }
  }
  for (const args of [["chat", "--provider", "mock"], ["ask", "--provider", "mock", "hi"]]) {
    const result = await runInProcess(args, { ...workspace, stdin: "hello\n", env: { CI: "1" } });
    assert.equal(result.code, 0, result.stderr);
  }
  assert.deepEqual(await conversationFiles(workspace.home), []);
  const inputHistory = await Deno.lstat(`${workspace.home}/chat_history.jsonl`).catch(() => null);
  assert.equal(inputHistory, null);

  assert.equal(
    (await runInProcess(["config", "set", "settings.history", "false"], workspace)).code,
    0,
  );
  await runInProcess(["ask", "--provider", "mock", "hi"], workspace);
  assert.deepEqual(await conversationFiles(workspace.home), []);
  assert.equal(
    (await runInProcess(["config", "set", "settings.history", "true"], workspace)).code,
    0,
  );
  const ci = await runInProcess(["ask", "--provider", "mock", "hi"], {
    ...workspace,
    env: { CI: "1" },
  });
  assert.equal(ci.code, 0, ci.stderr);
  assert.equal((await conversationFiles(workspace.home)).length, 1);
});

Deno.test("retention: conversations older than settings.history_retention_days are pruned when history is written", async () => {
  await using workspace = await tempWorkspace();
  // Written three days ago: the run's clock then, and its file's time.
  const longAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
  await runInProcess(["ask", "--provider", "mock", "old one"], {
    ...workspace,
    now: () => longAgo,
  });
  const [old] = await conversationFiles(workspace.home);
  await Deno.utime(`${workspace.home}/conversations/${old}`, longAgo, longAgo);
  const set = await runInProcess(
    ["config", "set", "settings.history_retention_days", "2"],
    workspace,
  );
  assert.equal(set.code, 0, set.stderr);
  await runInProcess(
    ["ask", "--provider", "mock", "--no-history", "no write, no pruning"],
    workspace,
  );
  assert.deepEqual(await conversationFiles(workspace.home), [old]);
  await runInProcess(["chat", "--provider", "mock"], { ...workspace, stdin: "new one\n" });
  const files = await conversationFiles(workspace.home);
  assert.equal(files.length, 1);
  assert.notEqual(files[0], old);
});

Deno.test("conversation ids that could leave the conversations directory are refused (exit 2)", async () => {
  await using workspace = await tempWorkspace();
  await runInProcess(["ask", "--provider", "mock", "hello"], workspace);
  const before = await conversationFiles(workspace.home);
  const attempts: { args: string[]; stdin?: string }[] = [
    { args: ["ask", "--provider", "mock", "--conversation", "../config", "hi"] },
    { args: ["chat", "--provider", "mock", "--conversation", "../../etc/passwd"], stdin: "hi\n" },
    { args: ["history", "show", "../config"] },
    { args: ["history", "rm", ".."] },
    { args: ["history", "export", "a/b"] },
    { args: ["chat", "--provider", "mock"], stdin: "/save ../evil\n" },
    { args: ["chat", "--provider", "mock"], stdin: "/load ../config\n" },
  ];
  for (const { args, stdin } of attempts) {
    const result = await runInProcess(args, { ...workspace, stdin });
    assert.equal(result.code, 2, `${args.join(" ")} ${stdin ?? ""}: ${result.stderr}`);
    assert.match(result.stderr, /Invalid conversation id/);
  }
  assert.deepEqual(await conversationFiles(workspace.home), before);
  for (const path of [`${workspace.home}/evil.json`, `${workspace.root}/evil.json`]) {
    assert.equal(await Deno.lstat(path).catch(() => null), null, path);
  }
});
