/**
 * One classifier per idea: an error sent inside a reply stream that carries
 * an HTTP status is classified as an HTTP answer with that status is, for
 * every status from 400 to 599: the same `error_type` and the same exit code.
 *
 * The HTTP side is the real path of an answer: the retrying fetch (retries
 * off, so a retryable status ends at once as it would after its retries),
 * then, for an answer it hands on, the provider error mapping of the AI
 * SDK's `APICallError` for it.
 */
import assert from "node:assert/strict";
import { exitCodeOf } from "../../src/core/errors.ts";
import { errorTypeOf } from "../../src/core/error_type.ts";
import { createRetryingFetch } from "../../src/net/retrying_fetch.ts";
import { classifyStreamError } from "../../src/providers/classify_stream_error.ts";
import { mapProviderError } from "../../src/providers/map_provider_error.ts";
import { instantClock } from "../_support/instant_clock.ts";

const MESSAGE = "Something went wrong";
const BODY = JSON.stringify({ error: { message: MESSAGE } });

interface Classification {
  type: string;
  exit: number;
}

function classificationOf(error: unknown): Classification {
  return { type: errorTypeOf(error), exit: exitCodeOf(error) };
}

async function httpClassification(status: number): Promise<Classification> {
  const retryingFetch = createRetryingFetch({
    provider: "openai",
    maxRetries: 0,
    clock: instantClock(0),
    fetch: () =>
      Promise.resolve(
        new Response(BODY, { status, headers: { "content-type": "application/json" } }),
      ),
  });
  let response: Response;
  try {
    response = await retryingFetch("https://api.openai.com/v1/chat/completions", {
      method: "POST",
      body: "{}",
    });
  } catch (error) {
    return classificationOf(error);
  }
  const apiCallError = Object.assign(new Error(MESSAGE), {
    name: "AI_APICallError",
    statusCode: status,
    responseBody: await response.text(),
    responseHeaders: { "content-type": "application/json" },
  });
  return classificationOf(mapProviderError(apiCallError, "openai"));
}

/** The shapes a status comes in inside a stream: a chunk's `code`, and the SDK's error carrying `statusCode`. */
function streamShapes(status: number): unknown[] {
  return [
    { error: { message: MESSAGE, code: status } },
    Object.assign(new Error(MESSAGE), {
      statusCode: status,
      data: { error: { message: MESSAGE } },
    }),
  ];
}

Deno.test("every status 400-599 is classified alike mid-stream and as an HTTP answer (error_type and exit code)", async () => {
  const disagreements: string[] = [];
  for (let status = 400; status <= 599; status++) {
    const http = await httpClassification(status);
    for (const [index, shape] of streamShapes(status).entries()) {
      const classified = classifyStreamError(shape, "openai");
      assert.ok(classified, `shape ${index} of ${status} is read as a stream error`);
      const stream = classificationOf(classified);
      if (stream.type !== http.type || stream.exit !== http.exit) {
        disagreements.push(
          `${status} (shape ${index}): stream ${stream.type}/${stream.exit}, HTTP ${http.type}/${http.exit}`,
        );
      }
    }
  }
  assert.deepEqual(disagreements, []);
});
