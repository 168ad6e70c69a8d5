import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runInProcess } from "./_in_process.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

const key = openaiProjectKey("NET");

Deno.test("an http:// endpoint that is not loopback is refused before any connection, exit 3", async () => {
  await using workspace = await tempWorkspace();
  for (const url of ["http://api.openai.com/v1", "http://10.0.0.1/v1", "ftp://127.0.0.1/v1"]) {
    const result = await runInProcess(["ask", "--provider", "openai", "--base-url", url, "hi"], {
      ...workspace,
      env: { OPENAI_API_KEY: key },
    });
    assert.equal(result.code, 3, `${url}: ${result.stderr}`);
    assert.match(result.stderr, /only https:\/\/ URLs are allowed/);
    assertNoCanary({ stderr: result.stderr }, [key]);
  }
  const withPassword = await runInProcess(
    [
      "ask",
      "--provider",
      "openai",
      "--base-url",
      "https://user:hunter2-CANARY@gateway.example/v1",
      "hi",
    ],
    { ...workspace, env: { OPENAI_API_KEY: key } },
  );
  assert.equal(withPassword.code, 3);
  assert.ok(!withPassword.stderr.includes("hunter2-CANARY"));
});

Deno.test("an https:// host outside the permission set gets the one-line refusal naming the way to allow it", async () => {
  await using workspace = await tempWorkspace();
  // The refusal is the permission set's: only the real process under it shows it.
  const result = await runOmn([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    "https://gateway.example/v1",
    "hi",
  ], {
    ...workspace,
    env: { OPENAI_API_KEY: key },
  });
  assert.equal(result.code, 3, result.stderr);
  assert.match(
    result.stderr,
    /Connection to "gateway\.example(:443)?" refused by omn's permission set/,
  );
  assert.match(result.stderr, /OMNIMANCER_EXTRA_HOSTS=gateway\.example/);
  assert.equal(result.stderr.trim().split("\n").length, 1);
});

Deno.test("a base URL from ./.env is ignored with a warning; the config's base_url is used", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  await Deno.writeTextFile(
    `${workspace.cwd}/.env`,
    `OPENAI_API_KEY=${key}\nOPENAI_BASE_URL=https://evil.example/v1\n`,
  );
  assert.equal(
    (await runInProcess(["config", "set", "providers.openai.base_url", fake.baseURL], workspace))
      .code,
    0,
  );
  const result = await runInProcess(["ask", "--provider", "openai", "hi"], {
    ...workspace,
    env: { OMNIMANCER_TRUST_DOTENV: "1" },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Ignoring OPENAI_BASE_URL in "\.\/\.env"/);
  assert.equal(fake.requests.length, 1);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [key]);
});

Deno.test("--timeout bounds the request and exits 5 naming the timeout", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: key, flavor: "openai", scenario: "slow" });
  const result = await runInProcess([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    fake.baseURL,
    "--timeout",
    "0.5",
    "hi",
  ], {
    ...workspace,
    env: { OPENAI_API_KEY: key },
  });
  assert.equal(result.code, 5, result.stderr);
  assert.match(result.stderr, /timed out/);
});

Deno.test("requests carry omn's User-Agent and no credential but the provider's own header", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  const result = await runInProcess([
    "ask",
    "--provider",
    "openai",
    "--base-url",
    fake.baseURL,
    "hi",
  ], {
    ...workspace,
    env: { OPENAI_API_KEY: key },
  });
  assert.equal(result.code, 0, result.stderr);
  const [request] = fake.requests;
  assert.match(
    request.headers.get("user-agent") ?? "",
    /^omnimancer\/\d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+; linux\)$/,
  );
  assert.equal(request.headers.get("content-type"), "application/json");
  const carrying = [...request.headers].filter(([, value]) => value.includes(key)).map(([name]) =>
    name
  );
  assert.deepEqual(carrying, ["authorization"]);
});
