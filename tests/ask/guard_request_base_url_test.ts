/**
 * Hostile review: a secret in the path of --base-url reaches the provider
 * under --on-secret block: the guard never looks at the URL.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const providerKey = openaiProjectKey("REVB");
const loaded = mistralKey("REVB");
const patterned = anthropicKey("REVB");
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

Deno.test("a secret in the --base-url path is refused under --on-secret block", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  for (const secret of [loaded, patterned]) {
    const before = fake.requests.length;
    const result = await runInProcess([
      "ask",
      "--provider",
      "openai",
      "--base-url",
      `${fake.baseURL}/${secret}`,
      "--on-secret",
      "block",
      "hi",
    ], { ...workspace, env });
    fake.takeViolations(); // the fake's own 404 for the unknown route
    const urls = fake.requests.slice(before).map((request) => request.url.href);
    assert.ok(!urls.some((url) => url.includes(secret)), `sent in the URL: ${urls.join(" ")}`);
    assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
  }
});

/** Runs `args` against the fake and tells what reached it. */
async function sentTo(
  fake: { requests: { url: URL }[]; takeViolations(): unknown },
  run: () => Promise<{ code: number; stdout: string; stderr: string }>,
) {
  const before = fake.requests.length;
  const result = await run();
  fake.takeViolations();
  const urls = fake.requests.slice(before).map((request) => request.url.href);
  return { result, urls };
}

Deno.test("a secret in the base URL is refused (exit 3) under redact and block, in every form and place", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  const urls = [
    `${fake.baseURL}/${loaded}`,
    `${fake.baseURL}?key=${patterned}`,
    `${fake.baseURL}/${encodeURIComponent(patterned).replace(/-/g, "%2D")}`,
    `${fake.baseURL}/${providerKey}`,
    `${fake.baseURL}/${
      encodeURIComponent(
        encodeURIComponent(loaded).replace(/[A-Z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
      )
    }`,
  ];
  for (const policy of ["redact", "block"]) {
    for (const url of urls) {
      const { result, urls: sent } = await sentTo(fake, () =>
        runInProcess(
          ["ask", "--provider", "openai", "--base-url", url, "--on-secret", policy, "hi"],
          { ...workspace, env },
        ));
      assert.equal(result.code, 3, `${policy} ${result.stderr}`);
      assert.deepEqual(sent, []);
      assert.match(result.stderr, /base URL contains secrets .* in --base-url\)/);
      for (const secret of [loaded, patterned, providerKey]) {
        assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
      }
    }
  }
});

Deno.test("a secret in the config's base_url is refused by default; allow sends it with a warning", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  const set = await runInProcess(
    ["config", "set", "providers.openai.base_url", `${fake.baseURL}/${patterned}`],
    { ...workspace, env },
  );
  assert.equal(set.code, 0, set.stderr);
  const refused = await sentTo(
    fake,
    () => runInProcess(["ask", "--provider", "openai", "hi"], { ...workspace, env }),
  );
  assert.equal(refused.result.code, 3, refused.result.stderr);
  assert.deepEqual(refused.urls, []);
  assert.match(refused.result.stderr, /in providers\.openai\.base_url\)/);
  assert.ok(!refused.result.stderr.includes(patterned));

  const allowed = await sentTo(
    fake,
    () =>
      runInProcess(["ask", "--provider", "openai", "--on-secret", "allow", "hi"], {
        ...workspace,
        env,
      }),
  );
  assert.equal(allowed.urls.length > 0, true, "allow sends as asked");
  assert.match(allowed.result.stderr, /base URL contains secrets .*--on-secret allow/);
  assert.ok(
    !allowed.result.stderr.includes(patterned) && !allowed.result.stdout.includes(patterned),
  );
});

Deno.test("chat and batch refuse a secret in --base-url under block", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  const url = `${fake.baseURL}/${patterned}`;
  const chat = await sentTo(
    fake,
    () =>
      runInProcess(["chat", "--provider", "openai", "--base-url", url, "--on-secret", "block"], {
        ...workspace,
        env,
        stdin: "hello\n",
      }),
  );
  assert.equal(chat.result.code, 3, chat.result.stderr);
  assert.deepEqual(chat.urls, []);
  assert.ok(!chat.result.stderr.includes(patterned) && !chat.result.stdout.includes(patterned));

  const batch = await sentTo(fake, () =>
    runInProcess(
      [
        "batch",
        "--job",
        "guarded",
        "--provider",
        "openai",
        "--base-url",
        url,
        "--on-secret",
        "block",
      ],
      { ...workspace, env, stdin: `${JSON.stringify({ id: "a", prompt: "hi" })}\n` },
    ));
  assert.notEqual(batch.result.code, 0, batch.result.stderr);
  assert.deepEqual(batch.urls, []);
  assert.ok(!batch.result.stderr.includes(patterned) && !batch.result.stdout.includes(patterned));
  assert.match(batch.result.stdout + batch.result.stderr, /base URL contains secrets/);
});
