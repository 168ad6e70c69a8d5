/**
 * Hostile review of the ask history's reply (commit 7e7420f): the history
 * stores the reply `runAsk` kept (`output.reply.textWithNote()`) instead of
 * running a redactor of its own over the model's deltas. In every output
 * mode the stored reply must be the one the history's own redactor stored
 * before (a `RedactedReply` over the deltas), hold no canary (split across
 * deltas, across the keep-limit cut, known only by a hint, known only
 * mid-stream), and `ask -c` must send it back as it was stored.
 */
import assert from "node:assert/strict";
import { type AskOptions, runAsk } from "../../src/ask/run_ask.ts";
import { openAskHistory } from "../../src/ask/ask_history.ts";
import { RedactedReply } from "../../src/ask/redacted_reply.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import {
  clearKnownSecrets,
  registerSecret,
  registerSecretHint,
} from "../../src/security/redact.ts";
import { secretHint } from "../../src/security/secret_hint.ts";
import { createInterrupts } from "../../src/core/interrupts.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace } from "../e2e/_workspace.ts";
import { startFaultFake } from "../fakes/fault_fake.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import {
  assertNoLeak,
  knownCanaries,
  type LeakCanary,
  patternCanaries,
} from "../security/_leak_checks.ts";

/** A model that streams the given deltas (calling `between` before each one after the first), then finishes. */
function deltaModel(
  deltas: readonly string[],
  options: { requests?: GenerateRequest[]; between?: (index: number) => void } = {},
): LanguageModel {
  return {
    provider: "fake",
    modelId: "fake-1",
    async *stream(request): AsyncIterable<ModelEvent> {
      options.requests?.push(request);
      for (const [index, text] of deltas.entries()) {
        if (index > 0) options.between?.(index);
        if (text !== "") yield { type: "text-delta", text };
      }
      yield {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
      };
    },
  };
}

/** What the history stored before 7e7420f: its own `RedactedReply` over the deltas. */
function oldStoredReply(deltas: readonly string[], keepLimit?: number): string {
  const reply = new RedactedReply({ keepLimit });
  for (const delta of deltas) reply.push(delta);
  reply.finish();
  return reply.textWithNote();
}

/** Cuts of `text` into two deltas at every position in and next to `value`, and one three-way cut. */
function cuts(text: string, value: string, stride = 1): string[][] {
  const start = text.indexOf(value);
  const end = start + value.length;
  const result: string[][] = [];
  for (let cut = start - 1; cut <= end + 1; cut += stride) {
    result.push([text.slice(0, cut), text.slice(cut)]);
  }
  const middle = start + Math.floor(value.length / 2);
  result.push([text.slice(0, start + 2), text.slice(start + 2, middle), text.slice(middle)]);
  return result;
}

interface Run {
  stored: string;
  stdout: string;
  sessionId: string;
}

/** One `omn ask` as execute_ask.ts runs it: through the history's model, then save. */
async function askAndStore(
  home: string,
  options: Partial<AskOptions>,
  model: LanguageModel,
  flags: { continueLast?: boolean; keep?: boolean } = {},
): Promise<Run> {
  const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
  const history = await openAskHistory(
    { continueLast: flags.continueLast },
    context,
    { version: 1 },
  );
  const reply = await runAsk(
    { words: ["hi"], output: "text", stream: true, onSecret: "redact", ...options },
    { io: context.io, model: history.wrap(model), now: () => 0, sessionId: history.sessionId },
  );
  await history.save(reply);
  await context.io.close();
  const path = `${home}/conversations/${history.sessionId}.json`;
  const conversation = JSON.parse(await Deno.readTextFile(path));
  // Each save prunes the directory: a test of hundreds of runs keeps it small.
  if (!flags.keep) await Deno.remove(path);
  return {
    stored: conversation.messages.at(-1).content,
    stdout: context.stdout(),
    sessionId: history.sessionId,
  };
}

async function tempHome() {
  const root = await Deno.makeTempDir({ prefix: "omn-history-reply-" });
  return {
    home: `${root}/home`,
    [Symbol.asyncDispose]: async () => {
      clearKnownSecrets();
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** Every output mode `ask` has, each as its flags set the options. */
const MODES: [string, Partial<AskOptions>][] = [
  ["text", {}],
  ["--no-stream", { stream: false }],
  ["json", { output: "json" }],
  ["stream-json", { output: "stream-json" }],
  ["-x", { extract: "first" }],
  ["--extract-last --no-stream", { extract: "last", stream: false }],
  ["--schema", { jsonSchema: { type: "object" } }],
  ["--schema -o json", { jsonSchema: { type: "object" }, output: "json" }],
];

Deno.test("history: every output mode stores the reply the history's own redactor stored, with no canary", async () => {
  await using temp = await tempHome();
  const [known] = knownCanaries("HIST");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const canary of [known, ...patternCanaries("HIST")]) {
    // A fenced block (for -x) that holds the key; JSON for --schema.
    const fenced = `key:\n\`\`\`sh\nexport K=${canary.value}\n\`\`\`\nok\n`;
    const json = JSON.stringify({ note: `export K=${canary.value}` });
    for (const [modeIndex, [mode, options]] of MODES.entries()) {
      const text = options.jsonSchema ? json : fenced;
      // How a mode frames the reply does not depend on where it was cut, and where it was cut
      // reaches the kept reply the same in every mode (one RedactedReply): every mode takes the
      // first cut and, in turn, every MODES.length-th of the others.
      const modeCuts = cuts(text, canary.value, 11).filter((_, index) =>
        index === 0 || index % MODES.length === modeIndex
      );
      for (const deltas of modeCuts) {
        const where = `${canary.name}, ${mode}, ${deltas.map((delta) => delta.length)}`;
        const run = await askAndStore(temp.home, options, deltaModel(deltas));
        assert.equal(run.stored, oldStoredReply(deltas), where);
        assertNoLeak(run.stored, canary, `the stored reply (${where})`);
        assertNoLeak(run.stdout, canary, `stdout (${where})`);
        if (options.output === "json") assert.equal(JSON.parse(run.stdout).result, run.stored);
        if (options.output === "stream-json") {
          assert.equal(JSON.parse(run.stdout.trim().split("\n").at(-1)!).result, run.stored);
        }
      }
    }
  }
});

Deno.test("history: a key cut by the keep limit is stored masked, with the note, as before", async () => {
  await using temp = await tempHome();
  const [known] = knownCanaries("LIMIT");
  registerSecret(known.value, "MISTRAL_API_KEY");
  for (const canary of [known, ...patternCanaries("LIMIT")]) {
    const text = `Say: your key is ${canary.value} and more text after it`;
    // The limit counts characters of the redacted reply: cut in and around the mask.
    const start = text.indexOf(canary.value);
    const end = oldStoredReply([text]).indexOf(" and more");
    const cutList = cuts(text, canary.value, 23);
    // The kept reply is a prefix of the released one, which does not depend on where the deltas
    // were cut: the first cut meets every limit, each other cut one limit in turn.
    const limits: number[] = [];
    for (let keepLimit = start - 1; keepLimit <= end + 1; keepLimit++) limits.push(keepLimit);
    for (const [cutIndex, deltas] of cutList.entries()) {
      for (
        const keepLimit of cutIndex === 0 ? limits : [limits[(cutIndex * 7) % limits.length]]
      ) {
        // The kept reply is the same object in every mode: text stands for them, json at the
        // limits of the first cut.
        for (const [mode, options] of deltas === cutList[0] ? [MODES[0], MODES[2]] : [MODES[0]]) {
          const where = `${canary.name}, ${mode}, limit ${keepLimit}, ${
            deltas.map((d) => d.length)
          }`;
          const run = await askAndStore(temp.home, { ...options, keepLimit }, deltaModel(deltas));
          assert.equal(run.stored, oldStoredReply(deltas, keepLimit), where);
          assert.match(
            run.stored,
            /\n\[omn: reply truncated: only its first \d+ characters were kept\]$/,
          );
          assertNoLeak(run.stored, canary, `the stored reply (${where})`);
        }
      }
    }
  }
});

Deno.test("history: a key known only by its hint (a key stored encrypted) is stored masked at every cut", async () => {
  await using temp = await tempHome();
  // 32 letters and digits with no pattern of its own: only the hint can find it.
  const value = "Qx7Zk2Vb9Wp4Lm3Ns8Rt5Yh6Jd1Gc0Fe";
  const text = `your key is ${value} ok`;
  const unmasked = await askAndStore(temp.home, {}, deltaModel([text]));
  assert.ok(unmasked.stdout.includes(value), "without the hint the value is not masked");
  registerSecretHint(secretHint(value)!);
  const canary: LeakCanary = { name: "hinted key", value, publicPrefix: "" };
  for (const deltas of cuts(text, value)) {
    // The kept reply is the same object in every mode; text and stream-json frame it apart.
    for (const [mode, options] of [MODES[0], MODES[3]]) {
      const where = `${mode}, ${deltas.map((delta) => delta.length)}`;
      clearKnownSecrets();
      registerSecretHint(secretHint(value)!);
      const run = await askAndStore(temp.home, options, deltaModel(deltas));
      assertNoLeak(run.stored, canary, `the stored reply (${where})`);
      assertNoLeak(run.stdout, canary, `stdout (${where})`);
      assert.match(run.stored, /^your key is \*\*\* ok$/, where);
    }
  }
});

Deno.test("history: a key that becomes known only mid-stream never reaches the stored conversation", async () => {
  await using temp = await tempHome();
  const [canary] = knownCanaries("MID");
  const text = `first ${canary.value} then again ${canary.value} end`;
  // The last cut releases the first copy before the key is known: stdout and the kept reply
  // hold it as it was; only the store's own redaction (redactConversation) masks it there.
  const late = text.indexOf(" again");
  for (const deltas of [...cuts(text, canary.value, 4), [text.slice(0, late), text.slice(late)]]) {
    for (let known = 1; known < deltas.length; known++) {
      clearKnownSecrets();
      const run = await askAndStore(
        temp.home,
        {},
        deltaModel(deltas, {
          between: (index) => index === known && registerSecret(canary.value, "MISTRAL_API_KEY"),
        }),
      );
      assertNoLeak(run.stored, canary, `the stored reply (known before delta ${known})`);
    }
  }
});

Deno.test("ask -c sends back the stored (masked) reply and the history grows by one exchange", async () => {
  await using temp = await tempHome();
  const [known] = knownCanaries("CONT");
  registerSecret(known.value, "MISTRAL_API_KEY");
  const text = `your key is ${known.value} ok`;
  const middle = text.indexOf(known.value) + 10;
  const first = await askAndStore(
    temp.home,
    { output: "json" },
    deltaModel([text.slice(0, middle), text.slice(middle)]),
    { keep: true },
  );
  const requests: GenerateRequest[] = [];
  const second = await askAndStore(
    temp.home,
    { words: ["next"] },
    deltaModel(["fine"], { requests }),
    { continueLast: true, keep: true },
  );
  assert.equal(second.sessionId, first.sessionId);
  assert.deepEqual(
    requests[0].messages.map((message) => [message.role, message.content]),
    [["user", "hi"], ["assistant", first.stored], ["user", "next"]],
  );
  assert.equal(first.stored, "your key is *** ok");
  assert.equal(second.stored, "fine");
});

Deno.test("omn ask: a failed, interrupted, refused or rejected run stores nothing; the next good one stores one exchange", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("NOSAVE");
  const conversations = async () => {
    try {
      return (await Array.fromAsync(Deno.readDir(`${workspace.home}/conversations`)))
        .filter((entry) => entry.name.endsWith(".json")).length;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return 0;
      throw error;
    }
  };
  const unmeetable = JSON.stringify({
    type: "object",
    required: ["n"],
    properties: { n: { type: "integer", minimum: 3 } },
    allOf: [{ properties: { n: { maximum: 2 } } }],
  });
  const failing: [string, string[]][] = [
    ["an error mid-stream", ["--model", "mock-error", "hi"]],
    ["an error mid-stream, json", ["--model", "mock-error", "-o", "json", "hi"]],
    ["a key in the prompt under block", ["--on-secret", "block", `use ${key}`]],
    ["a reply that fails --schema", ["--schema", unmeetable, "hi"]],
    ["a reply that fails --schema, json", ["--schema", unmeetable, "-o", "json", "hi"]],
    ["-x with no code block", ["-x", "hi"]],
  ];
  for (const [what, args] of failing) {
    const result = await runInProcess(["ask", "--provider", "mock", ...args], workspace);
    assert.notEqual(result.code, 0, what);
    assert.equal(await conversations(), 0, what);
  }
  // Interrupted (Ctrl-C) after two deltas of a stream that then stalls.
  await using fake = await startFaultFake({
    apiKey: key,
    script: [{ kind: "stall-mid-stream", afterChunks: 2 }],
  });
  let handler: ((signal: string) => void) | undefined;
  const interrupts = createInterrupts({
    listen: (listener) => void (handler = listener),
    exit: () => {},
  });
  let seen = "";
  const interrupted = await runInProcess(
    ["ask", "--provider", "openai", "--base-url", fake.baseURL, "-o", "stream-json", "hi"],
    {
      ...workspace,
      env: { OPENAI_API_KEY: key },
      interrupts,
      onStdout(text) {
        seen += text;
        if (seen.split('"text_delta"').length === 3) setTimeout(() => handler!("SIGINT"), 0);
      },
    },
  );
  assert.equal(interrupted.code, 130, interrupted.stderr);
  assert.equal(await conversations(), 0, "interrupted");
  const good = await runInProcess(["ask", "--provider", "mock", "hi"], workspace);
  assert.equal(good.code, 0, good.stderr);
  assert.equal(await conversations(), 1);
});

Deno.test("history: a known key's encoded forms (base64, URL-encoded, JSON-escaped), split across deltas, are stored masked", async () => {
  await using temp = await tempHome();
  const secret = knownCanaries("ENC").find((canary) => /[+/]/.test(canary.value))!;
  registerSecret(secret.value, "AWS_SECRET_ACCESS_KEY");
  const forms = [
    btoa(secret.value),
    encodeURIComponent(secret.value),
    // JSON may escape a slash (`\/`), as some encoders do.
    secret.value.replaceAll("/", "\\/"),
  ];
  assert.equal(new Set([secret.value, ...forms]).size, 4, "each form differs from the value");
  for (const form of forms) {
    const text = `encoded: ${form} done`;
    for (const deltas of cuts(text, form, 5)) {
      const where = `${form}, ${deltas.map((delta) => delta.length)}`;
      const run = await askAndStore(temp.home, { output: "json" }, deltaModel(deltas));
      assert.equal(run.stored, oldStoredReply(deltas), where);
      assert.match(run.stored, /^encoded: \*\*\* done$/, where);
      for (let start = 0; start + 10 <= form.length; start++) {
        assert.ok(!run.stdout.includes(form.slice(start, start + 10)), `stdout: ${where}`);
      }
    }
  }
});
