/**
 * A hostile server cannot grow omn's memory without bound through a reply,
 * whichever package reads it (src/net/reply_size_limit.ts): the real CLI (in
 * process) against a server that streams one endless SSE event, an AWS
 * event-stream message claiming 2 GiB, or an endless error body. Each run
 * ends with one line naming the provider and the bound, exit 1, nothing on
 * stdout, the key nowhere, and the server saw its endless stream cancelled
 * (how many bytes it had pushed by then depends on the sockets' buffers, so
 * it is not asserted; without the bound the run never ends).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  geminiKey,
  mistralKey,
  openaiProjectKey,
} from "../../credentials/_canaries.ts";
import { startFakeServer } from "../../fakes/_fake_server.ts";
import { runInProcess } from "../_in_process.ts";
import { tempWorkspace } from "../_workspace.ts";

const PIECE = 256 * 1024;

/** A server answering every POST with `status`, `type` and `first` then endless `filler` pieces; tells when the client cancelled. */
async function endlessServer(status: number, type: string, first: Uint8Array, filler: number) {
  const sent = { cancelled: Promise.withResolvers<void>() };
  const piece = new Uint8Array(PIECE).fill(filler);
  const fake = await startFakeServer((request, control) => {
    if (request.method !== "POST") control.recordViolation(`Unexpected ${request.method}`);
    let started = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (control.signal.aborted) return controller.close();
        const chunk = started ? piece : first;
        started = true;
        controller.enqueue(chunk);
      },
      cancel() {
        sent.cancelled.resolve();
      },
    }, { highWaterMark: 0 });
    return new Response(body, { status, headers: { "content-type": type } });
  });
  return { fake, sent };
}

const encoder = new TextEncoder();
const sse = (text: string) => encoder.encode(text);

const cases = [
  {
    provider: "openai",
    key: openaiProjectKey("SIZE"),
    env: (key: string) => ({ OPENAI_API_KEY: key }),
    baseSuffix: "/v1",
  },
  {
    provider: "anthropic",
    key: anthropicKey("SIZE"),
    env: (key: string) => ({ ANTHROPIC_API_KEY: key }),
    baseSuffix: "/v1",
  },
  {
    provider: "gemini",
    key: geminiKey("SIZE"),
    env: (key: string) => ({ GEMINI_API_KEY: key }),
    baseSuffix: "/v1beta",
  },
  {
    provider: "mistral",
    key: mistralKey("SIZE"),
    env: (key: string) => ({ MISTRAL_API_KEY: key }),
    baseSuffix: "/v1",
  },
];

for (const { provider, key, env, baseSuffix } of cases) {
  Deno.test(`${provider}: one endless SSE event ends the run at 8 MiB with one line`, async () => {
    await using workspace = await tempWorkspace();
    const { fake, sent } = await endlessServer(200, "text/event-stream", sse("data: {"), 0x61);
    await using _fake = fake;
    const result = await runInProcess(
      ["ask", "--provider", provider, "--base-url", fake.url + baseSuffix, "hi"],
      { ...workspace, env: env(key) },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], new RegExp(`${provider}: .*over 8 MiB`, "i"));
    assert.ok(
      !result.stderr.includes(key.slice(0, 12)) && !result.stdout.includes(key.slice(0, 12)),
    );
    await sent.cancelled.promise;
  });
}

Deno.test("bedrock: an event-stream message claiming 2 GiB ends the run at its length field", async () => {
  await using workspace = await tempWorkspace();
  const claim = new Uint8Array([0x7f, 0xff, 0xff, 0xff]);
  const { fake, sent } = await endlessServer(200, "application/vnd.amazon.eventstream", claim, 0);
  await using _fake = fake;
  const accessKeyId = awsAccessKeyId("SIZE");
  const secretAccessKey = awsSecretAccessKey("SIZE");
  const result = await runInProcess(
    ["ask", "--provider", "bedrock", "--base-url", fake.url, "hi"],
    {
      ...workspace,
      env: {
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_REGION: "us-east-1",
      },
    },
  );
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /bedrock: .*one message of its event stream is over 8 MiB/i);
  for (const secret of [accessKeyId, secretAccessKey]) {
    assert.ok(!result.stderr.includes(secret.slice(0, 12)));
  }
  await sent.cancelled.promise;
});

Deno.test("anthropic: an endless error body ends the run at 64 MiB with one line", async () => {
  await using workspace = await tempWorkspace();
  const { fake, sent } = await endlessServer(400, "application/json", sse('{"error":"'), 0x62);
  await using _fake = fake;
  const key = anthropicKey("SIZEJSON");
  const result = await runInProcess(
    ["ask", "--provider", "anthropic", "--base-url", fake.url + "/v1", "hi"],
    { ...workspace, env: { ANTHROPIC_API_KEY: key } },
  );
  assert.notEqual(result.code, 0);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /anthropic: .*over 64 MiB/i);
  assert.ok(!result.stderr.includes(key.slice(0, 12)));
  await sent.cancelled.promise;
});

// The bound follows how the provider reads the body, not the content-type the server names
// (a hostile server names a looser format than the one the body is read as).

Deno.test("anthropic: an endless SSE event labelled as an AWS event stream still ends at 8 MiB", async () => {
  await using workspace = await tempWorkspace();
  const type = "application/vnd.amazon.eventstream";
  const { fake, sent } = await endlessServer(200, type, sse("data: {"), 0x61);
  await using _fake = fake;
  const result = await runInProcess(
    ["ask", "--provider", "anthropic", "--base-url", fake.url + "/v1", "hi"],
    { ...workspace, env: { ANTHROPIC_API_KEY: anthropicKey("SIZELABEL") } },
  );
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(
    result.stderr,
    /^error: anthropic: .*one event of its stream is over 8 MiB[^\n]*\n$/,
  );
  await sent.cancelled.promise;
});

Deno.test("bedrock: a message claiming 2 GiB labelled as SSE, with blank lines after it, ends at its length", async () => {
  await using workspace = await tempWorkspace();
  const claim = new Uint8Array([0x7f, 0xff, 0xff, 0xff]);
  const { fake, sent } = await endlessServer(200, "text/event-stream", claim, 0x0a);
  await using _fake = fake;
  const result = await runInProcess(
    ["ask", "--provider", "bedrock", "--base-url", fake.url, "hi"],
    {
      ...workspace,
      env: {
        AWS_ACCESS_KEY_ID: awsAccessKeyId("SIZELABEL"),
        AWS_SECRET_ACCESS_KEY: awsSecretAccessKey("SIZELABEL"),
        AWS_REGION: "us-east-1",
      },
    },
  );
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr,
    /^error: bedrock: .*one message of its event stream is over 8 MiB[^\n]*\n$/,
  );
  await sent.cancelled.promise;
});

Deno.test("anthropic: an endless error body labelled as SSE, all blank lines, still ends at 64 MiB", async () => {
  await using workspace = await tempWorkspace();
  const { fake, sent } = await endlessServer(400, "text/event-stream", sse("\n\n"), 0x0a);
  await using _fake = fake;
  const result = await runInProcess(
    ["ask", "--provider", "anthropic", "--base-url", fake.url + "/v1", "hi"],
    { ...workspace, env: { ANTHROPIC_API_KEY: anthropicKey("SIZELABEL2") } },
  );
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /^error: anthropic: .*its body is over 64 MiB[^\n]*\n$/);
  await sent.cancelled.promise;
});
