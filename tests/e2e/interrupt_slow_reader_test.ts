/**
 * Ctrl-C or SIGTERM while omn waits for a stdout that a slow reader drains
 * (`omn ask … | slow-consumer`): the reply's next delta waits for the pipe
 * when the signal comes, and the pipe is read again afterwards. The run
 * ends as every interruption does (exit 130, the text received, the result
 * object), and the provider's connection is closed (review: with a provider
 * of the AI SDK, whose aborted stream fails its next step, omn printed
 * "error: Uncaught (in promise) InterruptedError" with a stack trace and
 * exited 1). Only a real process has a pipe that fills.
 *
 * @module
 */
import assert from "node:assert/strict";
import { anthropicKey } from "../credentials/_canaries.ts";
import { startFakeServer } from "../fakes/_fake_server.ts";
import { assertNoCanary, assertNoCanaryInTree } from "./_canary_checks.ts";
import { spawnOmn, tempWorkspace } from "./_omn.ts";

const KEY = anthropicKey("SLOWREADER");
/** One delta larger than a pipe holds (64 KiB) and than what omn queues for stdout (64 KiB). */
const DELTA = "word ".repeat(20_000);

/**
 * A Messages API that streams two large deltas and then nothing, its
 * connection left open; `sent` resolves once the deltas are out, `abandoned`
 * when the client closes the connection.
 */
async function stallingAnthropic() {
  const sent = Promise.withResolvers<void>();
  const abandoned = Promise.withResolvers<void>();
  const encoder = new TextEncoder();
  const event = (payload: { type: string } & Record<string, unknown>) =>
    encoder.encode(`event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`);
  const server = await startFakeServer(() => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(event({
          type: "message_start",
          message: {
            id: "msg_slow_reader",
            type: "message",
            role: "assistant",
            model: "claude-sonnet-4-5",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 3, output_tokens: 1 },
          },
        }));
        controller.enqueue(event({
          type: "content_block_start",
          index: 0,
          content_block: { type: "text", text: "" },
        }));
        for (const text of [DELTA, DELTA]) {
          controller.enqueue(event({
            type: "content_block_delta",
            index: 0,
            delta: { type: "text_delta", text },
          }));
        }
        sent.resolve();
      },
      cancel: () => abandoned.resolve(),
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  return Object.assign(server, { sent: sent.promise, abandoned: abandoned.promise });
}

for (const [signal, output] of [["SIGINT", "text"], ["SIGTERM", "stream-json"]] as const) {
  Deno.test(`${signal} while a delta waits for a full stdout pipe (${output}): exit 130, the text received`, async () => {
    await using workspace = await tempWorkspace();
    await using fake = await stallingAnthropic();
    const child = spawnOmn(
      ["ask", "--provider", "anthropic", "--base-url", `${fake.url}/v1`, "-o", output, "hi"],
      { ...workspace, env: { ANTHROPIC_API_KEY: KEY } },
    );
    await fake.sent;
    // Nothing reads stdout yet: omn fills the pipe with the first delta and the second waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill(signal);
    await fake.abandoned;
    const [stdout, stderr, status] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.status,
    ]);
    assert.equal(status.code, 130, stderr);
    if (output === "text") {
      assert.equal(stderr, "error: interrupted\n");
      assert.equal(stdout, `${DELTA}${DELTA}\n`);
    } else {
      assert.doesNotMatch(stderr, /Uncaught/);
      const result = JSON.parse(stdout.trimEnd().split("\n").at(-1)!);
      assert.deepEqual(
        [result.type, result.is_error, result.error_type, result.result],
        ["result", true, "interrupted", DELTA + DELTA],
      );
    }
    assertNoCanary({ stdout, stderr }, [KEY]);
    await assertNoCanaryInTree(workspace.root, [KEY]);
  });
}
