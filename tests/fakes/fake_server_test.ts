import assert from "node:assert/strict";
import {
  FakeVerificationError,
  ResponseScript,
  splitBytes,
  startFakeServer,
  verifyFake,
  WIRE_PIECE_BYTES,
} from "./_fake_server.ts";
import { createSseResponse } from "./_sse.ts";
import { serverError, startFaultFake } from "./fault_fake.ts";

Deno.test("a fake that saw an unexpected request fails when disposed, naming it", async () => {
  const fake = await startFakeServer((request, control) => {
    control.recordViolation(`no such route "${request.method} ${request.url.pathname}"`);
    return new Response("not found", { status: 404 });
  });
  await (await fetch(`${fake.url}/nowhere`)).body?.cancel();
  await assert.rejects(
    fake[Symbol.asyncDispose](),
    (error) =>
      error instanceof FakeVerificationError &&
      error.message.includes('unexpected request: no such route "GET /nowhere"'),
  );
});

Deno.test("await using: the violation fails the test's own scope", async () => {
  const scope = async () => {
    await using fake = await startFakeServer((_request, control) => {
      control.recordViolation("content-length and transfer-encoding both sent");
      return new Response("bad", { status: 400 });
    });
    await (await fetch(fake.url)).body?.cancel();
  };
  await assert.rejects(scope(), FakeVerificationError);
});

Deno.test("violations a test takes are not reported again; close() never throws", async () => {
  const fake = await startFakeServer((_request, control) => {
    control.recordViolation("expected by the test");
    return new Response("x");
  });
  await (await fetch(fake.url)).body?.cancel();
  assert.deepEqual(fake.takeViolations(), ["expected by the test"]);
  await fake.close();
  await fake[Symbol.asyncDispose]();
});

Deno.test("a disposal check (an unconsumed script) fails the fake", async () => {
  const fake = await startFakeServer(() => new Response("x"));
  fake.addDisposalCheck(() => ["#2 rate-limited"]);
  await assert.rejects(fake[Symbol.asyncDispose](), /scripted response never consumed: #2/);
});

Deno.test("ResponseScript gives items in order and reports those never given", () => {
  const script = new ResponseScript(["a", "b", "c"], (item) => item);
  assert.equal(script.next(), "a");
  assert.deepEqual(script.unconsumed(), ["#2 b", "#3 c"]);
  script.next();
  script.next();
  assert.equal(script.next(), undefined);
  assert.deepEqual(script.unconsumed(), []);
  assert.doesNotThrow(() => verifyFake("x", [], []));
});

Deno.test("the fault fake fails when disposed with faults its client never asked for", async () => {
  const fake = await startFaultFake({
    apiKey: "sk-test",
    script: [serverError(503), serverError(500)],
  });
  const response = await fetch(`${fake.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
    body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
  });
  assert.equal(response.status, 503);
  await response.body?.cancel();
  await assert.rejects(
    fake[Symbol.asyncDispose](),
    /1 problem\(s\)[^]*scripted response never consumed: #2 status/,
  );
});

Deno.test("the hostile wire: SSE events in 7-byte pieces, one per read, lines ending in CRLF", async () => {
  const response = createSseResponse([{ event: "a", data: '{"x":1}' }, { data: "[DONE]" }], {
    wire: { split: true, crlf: true },
  });
  const pieces: string[] = [];
  for await (const chunk of response.body!) pieces.push(new TextDecoder().decode(chunk));
  assert.ok(pieces.length > 4, `${pieces.length} pieces`);
  assert.ok(pieces.every((piece) => piece.length <= WIRE_PIECE_BYTES));
  assert.equal(pieces.join(""), 'event: a\r\ndata: {"x":1}\r\n\r\ndata: [DONE]\r\n\r\n');
  assert.deepEqual(splitBytes(new Uint8Array(3), 0).length, 1);
});
