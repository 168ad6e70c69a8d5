import assert from "node:assert/strict";
import { runChatPiped } from "../../src/chat/run_chat_piped.ts";
import { testModel, testSession } from "./_chat_helpers.ts";

Deno.test("piped chat: one reply per message, continued lines, commands, // escapes", async () => {
  const model = testModel();
  await using test = await testSession({
    model,
    stdin: "hello there\r\n\nfirst\\\nsecond\n/system be brief\n//slash\n/exit\nnever sent\n",
  });
  await runChatPiped(test.session, test.context.io);
  const replies = test.context.stdout().trimEnd().split("\n");
  assert.equal(replies.length, 3);
  assert.match(replies[0], /2 words, starting "hello there"/);
  assert.match(replies[1], /2 words, starting "first second"/);
  assert.match(replies[2], /starting "\/slash"/);
  assert.equal(model.requests[1].messages.at(-1)!.content, "first\nsecond");
  assert.equal(model.requests[2].system, "be brief");
  assert.equal(model.requests.length, 3);
});

Deno.test("piped chat: a message begun at the end of input is sent; the first error ends the run", async () => {
  await using test = await testSession({ stdin: "last words\\" });
  await runChatPiped(test.session, test.context.io);
  assert.match(test.context.stdout(), /starting "last words"/);
  await using failing = await testSession({ stdin: "/bogus\nhello\n" });
  await assert.rejects(() => runChatPiped(failing.session, failing.context.io), /Unknown command/);
  assert.equal(failing.context.stdout(), "");
});

Deno.test("piped chat: an interrupt stops the reply, keeps what came and ends the run", async () => {
  const { InterruptedError } = await import("../../src/core/errors.ts");
  await using test = await testSession({
    model: testModel({ stall: true }),
    stdin: "tell me\nnever sent\n",
  });
  const stop = new AbortController();
  const run = runChatPiped(test.session, test.context.io, stop.signal);
  while (!test.context.stdout().includes("Partial")) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  stop.abort(new InterruptedError());
  await assert.rejects(() => run, InterruptedError);
  assert.equal(test.context.stdout(), "Partial \n");
  assert.equal(test.session.conversation.messages.length, 2);
});

Deno.test("piped chat: an interrupt while waiting for input ends the run", async () => {
  const { InterruptedError } = await import("../../src/core/errors.ts");
  await using test = await testSession();
  const stdin = new ReadableStream<Uint8Array>(); // never sends anything
  const stop = new AbortController();
  const run = runChatPiped(test.session, { ...test.context.io, stdin }, stop.signal);
  stop.abort(new InterruptedError());
  await assert.rejects(() => run, InterruptedError);
});

Deno.test("piped chat: an error inside the reply stream keeps the text, names the provider's error and its exit code", async () => {
  const { classifyStreamError } = await import("../../src/providers/classify_stream_error.ts");
  const { exitCodeOf } = await import("../../src/core/errors.ts");
  const { errorTypeOf } = await import("../../src/core/error_type.ts");
  const model = {
    provider: "bedrock",
    modelId: "m",
    async *stream() {
      yield { type: "text-delta" as const, text: "Half a " };
      throw classifyStreamError(
        { throttlingException: { message: "Too many requests, please wait." } },
        "bedrock",
      );
    },
  };
  await using test = await testSession({ model, stdin: "hello\nnever sent\n" });
  const error = await runChatPiped(test.session, test.context.io).then(
    () => undefined,
    (thrown) => thrown,
  );
  assert.ok(error instanceof Error);
  assert.equal(
    error.message,
    "bedrock sent an error in the reply stream: throttlingException: Too many requests, please wait. (rate limited; try again later or lower the request rate)",
  );
  assert.equal(exitCodeOf(error), 5);
  assert.equal(errorTypeOf(error), "rate_limited");
  assert.equal(test.context.stdout(), "Half a \n");
});
