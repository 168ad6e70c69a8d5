/**
 * Review: a text that spends the join budget (`join_budget.ts`) is refused
 * under `block` and `redact` with the one-line message of that refusal —
 * too many key-like pieces to check, remove them or pass `--on-secret
 * allow` — and not with the message of a secret found: before, `block`
 * said "it contains secrets … pass --on-secret redact" (which refuses it
 * too) and `redact` said "a secret is split … remove it" (none was).
 */
import assert from "node:assert/strict";
import { anthropicKey } from "../credentials/_canaries.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";

// 64 KiB of pieces, as join_budget_test.ts's "sk-a1 repeated": the budget grows with the text
// (16 per character) and so does the work of these pieces, so a longer text spends it the same
// way, at a cost that grows with it (300 KB took four times as long to refuse).
const PIECES = "sk-a1 ".repeat(11_000);

function refusal(content: string, policy: "block" | "redact"): string {
  try {
    guardRequest({ messages: [{ role: "user", content }] }, "model", policy);
  } catch (error) {
    if (error instanceof RefusalError) return error.message;
    throw error;
  }
  return "sent";
}

Deno.test("review: a text that spends the join budget is refused with its own one-line message under block and redact", () => {
  for (const policy of ["block", "redact"] as const) {
    const message = refusal(PIECES, policy);
    assert.match(message, /^Request not sent: too many key-like pieces to check for a split key/);
    assert.match(message, /--on-secret allow$/);
    assert.doesNotMatch(message, /\n|contains secrets|pass --on-secret redact|is split/);
  }
});

Deno.test("review: a secret found beside the spent budget is named in the same message, never shown", () => {
  const key = anthropicKey("BUDGET");
  for (const policy of ["block", "redact"] as const) {
    const message = refusal(`${key}\n${PIECES}`, policy);
    assert.match(message, /^Request not sent: too many key-like pieces/);
    assert.match(message, /anthropic/);
    assert.ok(!message.includes(key.slice(14, 26)));
  }
});
