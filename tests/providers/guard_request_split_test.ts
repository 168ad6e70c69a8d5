/**
 * Hostile review: a key cut by a line break (`\n`, `\r\n`, a backslash
 * continuation) was sent under `--on-secret block` and `redact`. Whatever
 * the break, the request is refused (exit 3) and the fake receives nothing;
 * `allow` sends it with a warning.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";

const providerKey = openaiProjectKey("SPLR");
const loaded = mistralKey("SPLR");
const patterned = anthropicKey("SPLR");
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };
const BREAKS: [string, string][] = [["LF", "\n"], ["CRLF", "\r\n"], ["backslash-newline", "\\\n"]];

for (const [breakName, breakText] of BREAKS) {
  Deno.test(`a key cut by ${breakName} is refused under block and redact, sent under allow`, async () => {
    await using workspace = await tempWorkspace();
    await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
    for (const secret of [loaded, patterned]) {
      const prompt = `my key is\n${secret.slice(0, 20)}${breakText}${secret.slice(20)}\nwhy?`;
      for (const policy of ["block", "redact"]) {
        const asked = await runInProcess([
          "ask",
          "--provider",
          "openai",
          "--base-url",
          fake.baseURL,
          "--on-secret",
          policy,
          prompt,
        ], { ...workspace, env });
        assert.equal(asked.code, 3, `${policy}: ${asked.stderr}`);
        assert.match(asked.stderr, /split across lines/);
        assert.equal(fake.requests.length, 0, `${policy}: the request was sent`);
        for (const output of [asked.stdout, asked.stderr]) {
          assert.ok(!output.includes(secret.slice(20)), `${policy}: a piece of the key was shown`);
        }
      }
    }
    const allowed = await runInProcess([
      "ask",
      "--provider",
      "openai",
      "--base-url",
      fake.baseURL,
      "--on-secret",
      "allow",
      `key:\n${loaded.slice(0, 16)}${breakText}${loaded.slice(16)}\n`,
    ], { ...workspace, env });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /split across lines/);
    assert.equal(fake.requests.length, 1);
  });
}

Deno.test("a wrapped key in a prompt that also holds a whole one: refused under redact, or no piece of either sent", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: providerKey, flavor: "openai" });
  const ask = (prompt: string) =>
    runInProcess([
      "ask",
      "--provider",
      "openai",
      "--base-url",
      fake.baseURL,
      "--on-secret",
      "redact",
      prompt,
    ], { ...workspace, env });
  const apart = await ask(
    `first ${patterned}\nthen we go\n${loaded.slice(0, 10)}\n${loaded.slice(10)}\n`,
  );
  assert.equal(apart.code, 3, apart.stderr);
  assert.equal(fake.requests.length, 0);
  // Right after the whole key, the wrapped one is taken for its continuation and masked with it.
  const next = await ask(`first ${patterned}\nthen\n${loaded.slice(0, 10)}\n${loaded.slice(10)}\n`);
  assert.ok(next.code === 3 || next.code === 0, next.stderr);
  for (const request of fake.requests) {
    for (const secret of [patterned, loaded]) {
      for (let from = 0; from + 8 <= secret.length; from++) {
        assert.ok(!request.bodyText.includes(secret.slice(from, from + 8)), "a piece was sent");
      }
    }
  }
});
