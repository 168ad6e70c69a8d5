/**
 * Hostile review: a secret in the path of --base-url reaches the provider
 * under --on-secret block: the guard never looks at the URL.
 */
import assert from "node:assert/strict";
import { anthropicKey, mistralKey, openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_omn.ts";

const providerKey = openaiProjectKey("REVB");
const loaded = mistralKey("REVB");
const patterned = anthropicKey("REVB");
const env = { OPENAI_API_KEY: providerKey, MISTRAL_API_KEY: loaded };

Deno.test("review: a secret in the --base-url path is refused under --on-secret block", async () => {
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
