/**
 * A reply in which the provider (or the model) wraps a loaded key over
 * lines, or echoes only a part of it: no piece of the key should reach
 * stdout or the kept reply. Neither holds yet, so both tests are ignored:
 * the streaming redactor matches a known key only whole (and its
 * encodings), and the line-joining that finds a wrapped key
 * (`split_secret_kinds.ts`, `mask_continuations.ts`) reads whole texts, not
 * a stream. Error excerpts do join lines (`redact_excerpt.ts`).
 */
import assert from "node:assert/strict";
import { runAsk } from "../../src/ask/run_ask.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { oneReplyModel } from "../_support/one_reply_model.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

async function assertReplyHidesKey(reply: (key: string) => string): Promise<void> {
  clearKnownSecrets();
  const [known] = knownCanaries("WRAPREPLY");
  registerSecret(known.value, "MISTRAL_API_KEY");
  try {
    const context = memoryContext();
    const kept = await runAsk({ words: ["hi"], output: "text", stream: true, onSecret: "redact" }, {
      io: context.io,
      model: oneReplyModel(reply(known.value), "stop"),
      now: () => 0,
      sessionId: "s",
    });
    await context.io.close();
    for (const [where, text] of [["stdout", context.stdout()], ["the kept reply", kept]]) {
      const part = leakedPart(text, known);
      if (part !== undefined) assert.fail(`reached ${where}: "${part}"`);
    }
  } finally {
    clearKnownSecrets();
  }
}

Deno.test({
  name: "a loaded key wrapped over lines in a reply shows no piece of it",
  ignore: true, // Open: the stream redactor does not join lines (see the module comment).
  fn: () => assertReplyHidesKey((key) => `your key is\n${key.slice(0, 12)}\n${key.slice(12)}\nok`),
});

Deno.test({
  name: "half of a loaded key echoed in a reply is not shown",
  ignore: true, // Open: a known key is matched only whole, never a long part of it.
  fn: () => assertReplyHidesKey((key) => `your key ends with ${key.slice(key.length / 2)}`),
});
