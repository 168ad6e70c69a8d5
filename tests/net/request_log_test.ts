import assert from "node:assert/strict";
import {
  createRequestLog,
  describeTarget,
  formatRequestLine,
  type RequestRecord,
} from "../../src/net/request_log.ts";
import { geminiKey } from "../credentials/_canaries.ts";

Deno.test("describeTarget: host and path, every query value masked", () => {
  const key = geminiKey("QUERY");
  assert.deepEqual(
    describeTarget(
      `https://generativelanguage.googleapis.com/v1beta/models/x:streamGenerateContent?alt=sse&key=${key}`,
    ),
    {
      host: "generativelanguage.googleapis.com",
      path: "/v1beta/models/x:streamGenerateContent?alt=***&key=***",
    },
  );
});

Deno.test("one record per request: status, bytes, first byte, total and the retries with their reasons", async () => {
  let clock = 1000;
  const records: RequestRecord[] = [];
  const encoder = new TextEncoder();
  const log = createRequestLog(
    () => {
      log.noteRetry("429");
      log.noteRetry("a dropped connection");
      clock += 200;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode("hello "));
          controller.enqueue(encoder.encode("world"));
          controller.close();
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    },
    { provider: "openai", write: (record) => void records.push(record), now: () => clock },
  );
  const response = await log.fetch("https://api.openai.com/v1/chat/completions?api-version=1", {
    method: "POST",
  });
  assert.equal(records.length, 0, "written when the body ends, not before");
  clock += 50;
  assert.equal(await response.text(), "hello world");
  assert.equal(records.length, 1);
  assert.deepEqual(records[0], {
    provider: "openai",
    method: "POST",
    host: "api.openai.com",
    path: "/v1/chat/completions?api-version=***",
    status: 200,
    bytes: 11,
    firstByteMs: 250,
    totalMs: 250,
    retries: ["429", "a dropped connection"],
  });
  assert.equal(
    formatRequestLine(records[0]),
    "request openai POST api.openai.com/v1/chat/completions?api-version=***: 200, 11 bytes, first byte 250 ms, total 250 ms, 2 retries (429, a dropped connection)",
  );
  log.noteRetry("late");
  assert.deepEqual(records[0].retries, ["429", "a dropped connection"], "only while in flight");
});

Deno.test("a request that fails without an answer is recorded with its error", async () => {
  const records: RequestRecord[] = [];
  const log = createRequestLog(
    () =>
      Promise.reject(new Error('Cannot reach openai at "https://api.openai.com/v1": dns error')),
    { provider: "openai", write: (record) => void records.push(record), now: () => 0 },
  );
  await assert.rejects(log.fetch("https://api.openai.com/v1/chat/completions"));
  assert.equal(records.length, 1);
  assert.match(
    formatRequestLine(records[0]),
    /^request openai GET api\.openai\.com\/v1\/chat\/completions: no response, 0 bytes, total 0 ms, no retry; failed: Cannot reach openai/,
  );
});
