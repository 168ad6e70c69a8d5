/**
 * The real CLI against a local OpenAI fake whose stream splits a key across
 * its events (two and three), in every output mode of `ask`, in `chat` and
 * in `batch`; error bodies that end with a key at the excerpt's cut; and
 * escape sequences from the provider on a terminal and through a pipe. The
 * in-process tests (`tests/ask/reply_split_test.ts`,
 * `tests/security/redact_excerpt_test.ts`) try every split and offset; this
 * one proves the wiring of the real program, in process (`runInProcess`)
 * except on a terminal, which needs a real process (`onTerminal`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { type Fault, startFaultFake } from "../fakes/fault_fake.ts";
import {
  githubToken,
  type LeakCanary,
  leakedPart,
  mistralCanary,
} from "../security/_leak_checks.ts";
import { runInProcess } from "./_in_process.ts";
import type { OmnResult } from "./_omn.ts";
import { readTree, tempWorkspace, type Workspace } from "./_workspace.ts";
import { onTerminal, scriptTool } from "./_terminal.ts";

const KEY = openaiProjectKey("STREAMRED");
/** Known by value: loaded from the environment (a Mistral key has no pattern). */
const KNOWN = mistralCanary("E2E");
/** Known only by its pattern: never loaded. */
const PATTERN: LeakCanary = {
  name: "GitHub token",
  value: githubToken("E2E"),
  publicPrefix: "ghp_",
};
const ENV = { OPENAI_API_KEY: KEY, MISTRAL_API_KEY: KNOWN.value };

function assertNoLeak(texts: Record<string, string>, canary: LeakCanary) {
  for (const [where, text] of Object.entries(texts)) {
    const part = leakedPart(text, canary);
    if (part !== undefined) assert.fail(`${canary.name} reached ${where}: "${part}"`);
    assert.ok(!text.includes(KEY), `the OpenAI key reached ${where}`);
  }
}

async function assertNoLeakInTree(workspace: Workspace, canary: LeakCanary) {
  for (const [path, text] of await readTree(workspace.home).catch(() => new Map())) {
    if (path.endsWith("/config.json")) continue;
    assertNoLeak({ [path]: text }, canary);
  }
}

/** The reply `your key is KEY ok` split in two at `cut` (and again at `second`). */
function split(canary: LeakCanary, cut: number, second?: number): string[] {
  const reply = `your key is ${canary.value} ok`;
  const start = reply.indexOf(canary.value);
  const points = [start + cut, ...(second === undefined ? [] : [start + second])];
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(reply.slice(from, point));
    from = point;
  }
  chunks.push(reply.slice(from));
  return chunks;
}

async function withFake<T>(
  script: Fault[],
  run: (baseURL: string, workspace: Workspace) => Promise<T>,
): Promise<T> {
  await using workspace = await tempWorkspace();
  await using fake = await startFaultFake({ apiKey: KEY, script });
  const result = await run(fake.baseURL, workspace);
  assert.deepEqual(fake.violations, []);
  return result;
}

const ASK_MODES: string[][] = [
  ["--output", "text"],
  ["--output", "text", "--no-stream"],
  ["--output", "json"],
  ["--output", "stream-json"],
];

Deno.test("ask: a key split across SSE events reaches no output, in every mode", async () => {
  for (const canary of [KNOWN, PATTERN]) {
    const splits = [split(canary, 9), split(canary, 3, 17)];
    for (const chunks of splits) {
      for (const mode of ASK_MODES) {
        await withFake([{ kind: "ok", chunks }], async (baseURL, workspace) => {
          const result = await runInProcess(
            ["ask", "--provider", "openai", "--base-url", baseURL, ...mode, "hi"],
            { ...workspace, env: ENV },
          );
          const where = `${mode.join(" ")} ${chunks.map((chunk) => chunk.length).join("+")}`;
          assert.equal(result.code, 0, `${where}: ${result.stderr}`);
          assertNoLeak({ stdout: result.stdout, stderr: result.stderr }, canary);
          if (mode[1] === "stream-json") {
            const joined = result.stdout.trim().split("\n").map((line) => JSON.parse(line))
              .filter((event) => event.type === "text_delta").map((event) => event.text).join("");
            assertNoLeak({ [`joined deltas ${where}`]: joined }, canary);
            assert.match(joined, /^your key is .*\*\*\* ok$/);
          }
          await assertNoLeakInTree(workspace, canary);
        });
      }
    }
  }
});

Deno.test("chat (piped) and batch: a key split across SSE events reaches no output or file", async () => {
  for (const canary of [KNOWN, PATTERN]) {
    const chunks = split(canary, 5, 6);
    await withFake([{ kind: "ok", chunks }], async (baseURL, workspace) => {
      const result = await runInProcess(["chat", "--provider", "openai", "--base-url", baseURL], {
        ...workspace,
        env: ENV,
        stdin: "hi\n",
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /your key is .*\*\*\* ok/);
      assertNoLeak({ stdout: result.stdout, stderr: result.stderr }, canary);
      await assertNoLeakInTree(workspace, canary);
    });
    await withFake(
      [{ kind: "ok", chunks }, { kind: "ok", chunks: split(canary, 2) }],
      async (baseURL, workspace) => {
        const result = await runInProcess(
          ["batch", "--job", "split", "--provider", "openai", "--base-url", baseURL, "-"],
          {
            ...workspace,
            env: ENV,
            stdin: '{"id": 1, "prompt": "hi"}\n{"id": 2, "prompt": "hi"}\n',
          },
        );
        assert.equal(result.code, 0, result.stderr);
        assertNoLeak({ stdout: result.stdout, stderr: result.stderr }, canary);
        await assertNoLeakInTree(workspace, canary);
      },
    );
  }
});

Deno.test("a 400 whose text ends with a key at the excerpt's cut: no part of it on stderr, in the JSON error or in omn.log", async () => {
  for (const offset of [168, 169, 170, 199]) {
    const body = "The request was rejected by the upstream validation layer. ".repeat(4)
      .slice(0, offset) + KNOWN.value;
    const script: Fault[] = [{
      kind: "status",
      status: 400,
      body,
      contentType: "text/plain",
    }];
    const result: OmnResult = await withFake(script, async (baseURL, workspace) => {
      const run = await runInProcess([
        "--log-file",
        `${workspace.home}/omn.log`,
        "--log-level",
        "debug",
        "ask",
        "--provider",
        "openai",
        "--base-url",
        baseURL,
        "--output",
        "json",
        "hi",
      ], { ...workspace, env: ENV });
      const log = await Deno.readTextFile(`${workspace.home}/omn.log`);
      assertNoLeak({ log }, KNOWN);
      await assertNoLeakInTree(workspace, KNOWN);
      return run;
    });
    assert.equal(result.code, 1, result.stderr);
    const error: string = JSON.parse(result.stdout).error;
    assert.match(error, /returned 400: The request was rejected/);
    assertNoLeak({ stderr: result.stderr, "the JSON error": error }, KNOWN);
  }
});

/** A reply full of escape sequences: OSC 52 (clipboard), a title, cursor moves, CSI, a C1 CSI, BEL. */
const HOSTILE = "ok \x1b]52;c;cHduZWQ=\x07 \x1b]0;owned\x07 \x1b[2J\x1b[H \x9b31m \r\x1b[1A end";
const SEQUENCES = ["\x1b]52", "\x1b]0;", "\x1b[2J", "\x1b[H", "\x9b", "\x1b[1A", "\r\x1b"];

Deno.test("escape sequences from the provider: piped output is byte-exact", async () => {
  await withFake([{ kind: "ok", chunkSize: 2, reply: HOSTILE }], async (baseURL, workspace) => {
    const result = await runInProcess(
      ["ask", "--provider", "openai", "--base-url", baseURL, "hi"],
      { ...workspace, env: ENV },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${HOSTILE}\n`);
  });
});

Deno.test({
  name:
    `escape sequences from the provider: on a terminal they are shown, never obeyed${scriptTool.suffix}`,
  ignore: scriptTool.ignore,
  fn: async () => {
    const script: Fault[] = [
      { kind: "ok", chunkSize: 2, reply: HOSTILE },
      { kind: "status", status: 400, body: `bad ${HOSTILE}`, contentType: "text/plain" },
    ];
    await withFake(script, async (baseURL, workspace) => {
      const reply = await onTerminal(
        workspace,
        `ask --provider openai --base-url ${baseURL} hi`,
        [],
        ENV,
      );
      assert.equal(reply.code, 0, reply.screen);
      assert.match(
        reply.screen,
        /ok \^\[\]52;c;cHduZWQ=\^G \^\[\]0;owned\^G \^\[\[2J\^\[\[H M-\^\[31m \^M\^\[\[1A end/,
      );
      const error = await onTerminal(
        workspace,
        `ask --provider openai --base-url ${baseURL} hi`,
        [],
        ENV,
      );
      assert.equal(error.code, 1, error.screen);
      assert.match(error.screen, /returned 400: bad ok \^\[\]52;c;cHduZWQ=\^G/);
      for (const screen of [reply.screen, error.screen]) {
        for (const sequence of SEQUENCES) {
          assert.ok(!screen.includes(sequence), `${JSON.stringify(sequence)} reached the terminal`);
        }
      }
    });
  },
});
