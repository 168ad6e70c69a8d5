import assert from "node:assert/strict";
import { startGeminiFake } from "../../fakes/gemini_fake.ts";
import { runInProcess } from "../_in_process.ts";
import { tempWorkspace } from "../_workspace.ts";
import { GEMINI_KEY as key, geminiCase } from "./_provider_cases.ts";
import { providerContract } from "./_provider_contract.ts";

providerContract(geminiCase);

Deno.test("gemini: the key travels in the x-goog-api-key header, never in the URL", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startGeminiFake({ apiKey: key });
  const result = await runInProcess([
    "ask",
    "--provider",
    "gemini",
    "--base-url",
    fake.baseURL,
    "hi",
  ], {
    ...workspace,
    env: { GOOGLE_API_KEY: key },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(fake.requests.length > 0);
  for (const request of fake.requests) {
    assert.equal(request.url.searchParams.get("key"), null);
    assert.ok(!request.url.href.includes(key));
    assert.equal(request.headers.get("x-goog-api-key"), key);
  }
  assert.deepEqual(fake.violations, []);
});
