/**
 * The split detectors' work grows with the text, whatever the text: the
 * joins they read are counted (`JoinBudget`: characters read plus a fixed
 * cost per read), texts of key-like pieces without anchors are read not at
 * all (`join_horizon.ts`), and texts of many anchored pieces stop at the
 * budget, counted as holding a split secret (the guard refuses them unless
 * allowed). No wall-clock figure is asserted: the work is counted.
 */
import assert from "node:assert/strict";
import { COST_PER_READ, JoinBudget, UNCHECKED_KIND } from "../../src/security/join_budget.ts";
import { MAX_JOINED, splitSecretKindsIn } from "../../src/security/split_secret_kinds.ts";
import { blankSplitKindsIn } from "../../src/security/blank_split_secret_kinds.ts";
import { maskContinuations } from "../../src/security/mask_continuations.ts";
import { guardRequest } from "../../src/providers/guard_request.ts";
import { RefusalError } from "../../src/core/errors.ts";
import { awsAccessKeyId } from "../credentials/_canaries.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";

const SIZE = 64 * 1024;
const fill = (unit: string, size = SIZE) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Base64 in lines of 76, as a PEM block or an e-mail attachment writes it. */
function base64Lines(size: number, quote = ""): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  // Line n's characters depend on n * 7919 modulo 64 only: 64 lines, then the same again.
  const cycle = Array.from({ length: 64 }, (_, line) => {
    let characters = "";
    for (let index = 0; index < 76; index++) {
      characters += alphabet[(line * 7919 + index * 31) % 64];
    }
    return quote + characters + "\n";
  }).join("");
  return cycle.repeat(Math.ceil(size / cycle.length)).slice(0, size);
}

/** The reviewer's texts: each anchor followed by many short key-like pieces. */
const anchored: Record<string, string> = {
  "sk-a1 repeated": fill("sk-a1 "),
  "sk- key in words": fill("sk-proj-AAAA1 BBBB2 CCCC3 DDDD4 "),
  "sk-ant- pieces": fill("sk-ant-api03-ab1 "),
  "wrapped sk-ant- lines": fill("sk-ant-api03-AAAA\nBBBBBBBB1\n"),
  "AKIA and digits": fill("AKIA 2 "),
  "ghp_ and tabs": fill("ghp_\t1a\t"),
};

/** Key-like pieces with no anchor of any rule: read not at all. */
const anchorless: Record<string, string> = {
  "quoted short keys": fill("> ABCDEFGH12\n"),
  "commented short keys": fill("# abcdefgh1234\n"),
  "base64 lines": base64Lines(SIZE),
  "quoted base64 lines": base64Lines(SIZE, "> "),
  "hash list": fill("3f2a9c1d4e5b6a7f8091a2b3c4d5e6f7a8b9c0d1\n"),
  "UUID list": fill("0f8fad5b-d9cb-469f-a165-70867728950e\n"),
  // `=` begins a key rule's match only after a key's ending (`token=`, `api_key=`).
  "properties file": fill(
    "server.port=8080\nspring.datasource.url=jdbc\nlogging.level.root=INFO\ncache.size=1024\n",
  ),
};

/** Runs the three detectors on `text` within one budget, as the guard does. */
function detect(text: string): { budget: JoinBudget; kinds: string[] } {
  const budget = new JoinBudget(text.length);
  const masked = maskContinuations(text, budget);
  const kinds = [...splitSecretKindsIn(masked, budget), ...blankSplitKindsIn(masked, budget)];
  return { budget, kinds };
}

Deno.test("anchored pieces are read within the budget, and a text that exhausts it is unchecked", () => {
  for (const [name, text] of Object.entries(anchored)) {
    const { budget, kinds } = detect(text);
    // At most one read past the limit: each read is counted before it is made.
    assert.ok(budget.spent <= budget.limit + MAX_JOINED + COST_PER_READ, name);
    assert.ok(budget.reads > 0, name);
    if (budget.exhausted) assert.ok(kinds.includes(UNCHECKED_KIND), name);
  }
});

Deno.test("key-like pieces with no anchor are read not at all, and hold no key", () => {
  for (const [name, text] of Object.entries(anchorless)) {
    const { budget, kinds } = detect(text);
    assert.equal(budget.reads, 0, name);
    assert.deepEqual(kinds, [], name);
  }
});

Deno.test("a key rule's secret wrapped after long lines without anchors is still found", () => {
  const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzCANARYK27";
  const block = base64Lines(76 * 12);
  for (const key of ["aws_secret_access_key=", "aws_secret_\naccess_key="]) {
    const text = `${block}${key}${secret.slice(0, 20)}\n${secret.slice(20)}\nQRSTUVWX2\nend`;
    assert.deepEqual(splitSecretKindsIn(text), ["aws-secret-access-key"], key);
  }
});

Deno.test("random hash and base64 lists are read not at all with known keys registered (their forms' base64 too)", () => {
  registerSecret("sk-proj-" + "Z".repeat(40) + "T3BlbkFJ" + "Z".repeat(40), "OPENAI_API_KEY");
  registerSecret("sk-ant-api03-" + "q1w2e3r4t5".repeat(9) + "AA", "ANTHROPIC_API_KEY");
  try {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lines = (alphabet: string, length: number) => {
      let text = "";
      while (text.length < SIZE) {
        for (let index = 0; index < length; index++) {
          text += alphabet[Math.floor(next() * alphabet.length)];
        }
        text += "\n";
      }
      return text;
    };
    for (
      const text of [
        lines("0123456789abcdef", 40),
        lines("0123456789abcdef-", 36),
        lines("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 76),
      ]
    ) {
      const { budget, kinds } = detect(text);
      // The anchors of the rules ("=", "sk-") may still occur by chance: a few reads, no more.
      assert.ok(budget.spent < text.length, `${budget.spent} for ${text.length}`);
      assert.deepEqual(kinds, []);
    }
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("a key whose last piece ends where the next line goes on is still found (the joins an anchor reaches are read)", () => {
  const key = awsAccessKeyId("JOIN");
  // The 20-character key ends at a join, then a key-like line follows: read whole, it is no key.
  const text = `id ${key.slice(0, 12)}\n${key.slice(12)}\nQRSTUVWX2\nend`;
  assert.deepEqual(splitSecretKindsIn(text), ["aws-access-key-id"]);
  // Cut by a blank, the rest is key-like (12 characters).
  assert.deepEqual(blankSplitKindsIn(`id ${key.slice(0, 8)} ${key.slice(8)} QRSTUVWX2 end`), [
    "aws-access-key-id",
  ]);
});

Deno.test("the guard refuses a text it cannot read whole unless allowed, and sends benign megabytes", () => {
  const request = (content: string) => ({ messages: [{ role: "user" as const, content }] });
  const adversarial = fill("sk-a1 ");
  for (const policy of ["block", "redact"] as const) {
    assert.throws(
      () => guardRequest(request(adversarial), "m", policy),
      (error) => error instanceof RefusalError && /too many key-like pieces/.test(error.message),
    );
  }
  const allowed = guardRequest(request(adversarial), "m", "allow");
  assert.match(allowed.warning ?? "", /too many key-like pieces/);
  for (const text of [base64Lines(1 << 20), fill("> ABCDEFGH12\n", 1 << 20)]) {
    assert.deepEqual(guardRequest(request(text), "m", "block").kinds, []);
  }
});
