/**
 * `reply_split_sse_test.ts` through omn's own OpenAI client (the one `ask`
 * uses for OpenAI since it stopped loading the SDK on this path): a key
 * split across two SSE events at every position in and around it, and
 * across three at a sample, never comes back from stdout or the joined
 * `text_delta` texts, for a key known by value and one known by pattern.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
import { createOpenAIModel } from "../../src/providers/openai.ts";
import type { ResolvedCredentials } from "../../src/credentials/resolve_credentials.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { type Fault, startFaultFake } from "../fakes/fault_fake.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import {
  knownCanaries,
  type LeakCanary,
  leakedPart,
  patternCanaries,
} from "../security/_leak_checks.ts";

const API_KEY = openaiProjectKey("OWNCLIENT");

function splits(canary: LeakCanary): string[][] {
  const reply = `your key is ${canary.value} ok`;
  const start = reply.indexOf(canary.value);
  const end = start + canary.value.length;
  const result: string[][] = [];
  for (let cut = start; cut <= end; cut++) result.push([reply.slice(0, cut), reply.slice(cut)]);
  for (let first = start + 1; first < end; first += 7) {
    const second = Math.min(first + 4, end - 1);
    result.push([reply.slice(0, first), reply.slice(first, second), reply.slice(second)]);
  }
  return result.map((chunks) => chunks.filter((chunk) => chunk !== ""));
}

Deno.test("ask over SSE through omn's OpenAI client: a split key never comes back", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("OWN");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const canary of [known, patternCanaries("OWN")[0]]) {
    const all = splits(canary);
    const script: Fault[] = all.map((chunks) => ({ kind: "ok" as const, chunks }));
    await using fake = await startFaultFake({ apiKey: API_KEY, script });
    const model = fromAiSdkModel(
      await createOpenAIModel({
        provider: "openai",
        modelId: "gpt-4o-mini",
        baseUrl: fake.baseURL,
        entry: undefined,
        credentials: {
          provider: "openai",
          fields: { api_key: { value: API_KEY, source: "env" } },
          missing: [],
        } as unknown as ResolvedCredentials,
        fetch,
      }),
      "openai",
    );
    for (const [index, chunks] of all.entries()) {
      const where = `${canary.name} in ${chunks.map((chunk) => chunk.length).join("+")}`;
      // Both outputs on alternate splits: each split is one request to the fake.
      const output: AskOptions["output"] = index % 2 === 0 ? "stream-json" : "json";
      const context = memoryContext();
      await runAsk({ words: ["hi"], output, stream: true, onSecret: "redact" }, {
        io: context.io,
        model,
        now: () => 0,
        sessionId: "s",
      });
      await context.io.close();
      const stdout = context.stdout();
      const events = stdout.trim().split("\n").map((line) => JSON.parse(line));
      const joined = events.filter((event) => event.type === "text_delta")
        .map((event) => event.text).join("");
      for (const [what, text] of [["stdout", stdout], ["joined deltas", joined]]) {
        const part = leakedPart(text, canary);
        if (part !== undefined) assert.fail(`${where}, ${output}: "${part}" in ${what}`);
      }
      assert.match(events.at(-1).result, /^your key is .*\*\*\* ok$/, where);
      assert.ok(!stdout.includes(API_KEY));
    }
    assert.deepEqual(fake.violations, []);
  }
  clearKnownSecrets();
});
