/**
 * Review: a key pasted in two messages of a conversation (or begun in the
 * system prompt and ended in the prompt) is a split key: the system prompt
 * and the user messages are also read as one text, in order, and a key
 * that straddles two of them is refused by `block` and by `redact` (which
 * sends no 12 characters of it); before, `block` sent such a key in more
 * than half of the cuts.
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsSecretAccessKey,
  geminiKey,
  openaiProjectKey,
  pemPrivateKey,
  perplexityKey,
} from "../credentials/_canaries.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import type { GenerateRequest } from "../../src/providers/language_model.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { sentRun } from "./_guard_checks.ts";

const KEYS: [string, string][] = [
  ["", anthropicKey("MESSAGES")],
  ["", openaiProjectKey("MESSAGES")],
  ["", geminiKey("MESSAGES")],
  ["", perplexityKey("MESSAGES")],
  ["aws_secret_access_key=", awsSecretAccessKey("MESSAGES")],
];

function sent(request: GenerateRequest, policy: "block" | "redact"): string | undefined {
  try {
    return JSON.stringify(guardRequest(request, "model", policy).request);
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    return undefined;
  }
}

function requests(context: string, first: string, rest: string): [string, GenerateRequest][] {
  return [
    ["two user messages", {
      messages: [
        { role: "user", content: `my key is ${context}${first}` },
        { role: "assistant", content: "It looks cut off; send the rest." },
        { role: "user", content: rest },
      ],
    }],
    ["the system prompt and the prompt", {
      system: `Use the key ${context}${first}`,
      messages: [{ role: "user", content: rest }],
    }],
  ];
}

Deno.test("review: a key split across two messages, or the system prompt and the prompt, is refused by block and never sent by redact", () => {
  const failures: string[] = [];
  for (const [context, key] of KEYS) {
    for (let at = 6; at < key.length - 1; at += 3) {
      for (const [shape, request] of requests(context, key.slice(0, at), key.slice(at))) {
        const where = `${key.slice(0, 8)} cut at ${at} across ${shape}`;
        if (sent(request, "block") !== undefined) failures.push(`block sent ${where}`);
        const text = sent(request, "redact");
        if (text === undefined) continue;
        const joined = text.replace(
          /","role":"user","content":"|"},\{"role":"user","content":"/g,
          "",
        );
        const run = sentRun(key, text, joined);
        if (run !== undefined) failures.push(`redact sent ${JSON.stringify(run)} of ${where}`);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), []);
});

Deno.test("review: a PEM block begun in one message and ended in the next is refused by block and never sent by redact", () => {
  const key = pemPrivateKey("MESSAGES");
  const lines = key.split("\n");
  const bodies = lines.slice(1, -2);
  for (let at = 1; at < lines.length - 2; at++) {
    const [first, rest] = [lines.slice(0, at).join("\n"), lines.slice(at).join("\n")];
    for (const [shape, request] of requests("", first, rest)) {
      const where = `a PEM block cut after line ${at} across ${shape}`;
      assert.equal(sent(request, "block"), undefined, `block sent ${where}`);
      const text = sent(request, "redact");
      if (text === undefined) continue;
      const left = bodies.filter((line) => text.includes(line));
      assert.deepEqual(left, [], `redact sent ${left.length} lines of ${where}`);
    }
  }
});

Deno.test("review: a conversation without a split key is sent as it is, a whole key masked in its own message", () => {
  const conversation: GenerateRequest = {
    system: "You review code. Answer in two sentences.",
    messages: [
      { role: "user", content: "Why does sk-learn's fit\nraise here?" },
      { role: "assistant", content: "Show me the call." },
      { role: "user", content: "model.fit(X, y)  # 2024 data\nThanks" },
    ],
  };
  for (const policy of ["block", "redact"] as const) {
    assert.equal(sent(conversation, policy), JSON.stringify(conversation), policy);
  }
  const key = anthropicKey("WHOLE");
  const withKey: GenerateRequest = {
    messages: [
      { role: "user", content: `oops I pasted ${key} here` },
      { role: "assistant", content: "Rotate it." },
      { role: "user", content: "Done, thanks" },
    ],
  };
  const text = sent(withKey, "redact");
  assert.ok(
    text !== undefined && !text.includes(key.slice(20, 32)) && text.includes("Done, thanks"),
  );
  assert.equal(sent(withKey, "block"), undefined);
});
