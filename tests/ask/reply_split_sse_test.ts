/**
 * The same class as `reply_split_test.ts`, through the real wire: the AI
 * SDK's OpenAI chat client reads a local SSE fake that splits
 * `your key is KEY ok` into two events at every position in and around the
 * key (and into three at a sample of positions); `ask` runs in process in
 * `stream-json` and `json`, and neither the joined `text_delta` texts nor
 * anything on stdout holds any part of the key.
 */
import assert from "node:assert/strict";
import { createOpenAI } from "@ai-sdk/openai";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { fromAiSdkModel } from "../../src/providers/ai_sdk_model.ts";
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

const API_KEY = openaiProjectKey("SSESPLIT");

/**
 * The splits sent as SSE events: at every position within 8 characters of
 * either end of the key, at every eighth inside it, and into three at a
 * sample. The redaction of deltas split at every position is
 * `reply_split_test.ts`, in process; what the wire adds here (events parsed
 * by the AI SDK from the bytes of the fake) does not depend on where in the
 * key the split falls.
 */
function splits(canary: LeakCanary): string[][] {
  const reply = `your key is ${canary.value} ok`;
  const start = reply.indexOf(canary.value);
  const end = start + canary.value.length;
  const result: string[][] = [];
  for (let cut = start; cut <= end; cut++) {
    const nearEnd = cut - start <= 8 || end - cut <= 8;
    if (nearEnd || (cut - start) % 8 === 0) result.push([reply.slice(0, cut), reply.slice(cut)]);
  }
  for (let first = start + 1; first < end; first += 7) {
    const second = Math.min(first + 4, end - 1);
    result.push([reply.slice(0, first), reply.slice(first, second), reply.slice(second)]);
  }
  return result.map((chunks) => chunks.filter((chunk) => chunk !== ""));
}

Deno.test("ask over SSE: a key split across events never comes back from the joined deltas", async () => {
  clearKnownSecrets();
  const [known] = knownCanaries("SSE");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const canary of [known, ...patternCanaries("SSE")]) {
    const all = splits(canary);
    const script: Fault[] = all.flatMap((chunks) => [
      { kind: "ok" as const, chunks },
      { kind: "ok" as const, chunks },
    ]);
    await using fake = await startFaultFake({ apiKey: API_KEY, script });
    const model = fromAiSdkModel(
      createOpenAI({ apiKey: API_KEY, baseURL: fake.baseURL }).chat("gpt-4o-mini"),
      "openai",
    );
    for (const chunks of all) {
      const where = `${canary.name} in ${chunks.map((chunk) => chunk.length).join("+")}`;
      for (const output of ["stream-json", "json"] as AskOptions["output"][]) {
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
      }
    }
    assert.deepEqual(fake.violations, []);
  }
  clearKnownSecrets();
});
