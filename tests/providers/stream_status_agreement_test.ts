/**
 * One classifier per idea: an error sent inside a reply stream that carries
 * an HTTP status (its own, or the one the AI SDK gives its type: Anthropic's
 * `api_error` is 500) is classified as an HTTP answer with that status is,
 * for every status from 400 to 599:
 *
 * - the same `error_type` and exit code as the provider error mapping gives
 *   an answer with that status (`mapProviderError` of the AI SDK's
 *   `APICallError`);
 * - the same `error_type` as the retrying fetch gives it once its retries are
 *   spent (whose exit code is 5 for every retried status, README).
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

/** What the provider error mapping makes of an HTTP answer with `status`. */
function mappedClassification(status: number): Classification {
  const apiCallError = Object.assign(new Error(MESSAGE), {
    name: "AI_APICallError",
    statusCode: status,
    responseBody: BODY,
    responseHeaders: { "content-type": "application/json" },
  });
  return classificationOf(mapProviderError(apiCallError, "openai"));
}

/** The `error_type` the retrying fetch gives an answer with `status` when no retry is left; undefined when it hands the answer on. */
async function retriedType(status: number): Promise<string | undefined> {
  const retryingFetch = createRetryingFetch({
    provider: "openai",
    maxRetries: 0,
    clock: instantClock(0),
    fetch: () =>
      Promise.resolve(
        new Response(BODY, { status, headers: { "content-type": "application/json" } }),
      ),
  });
  try {
    const response = await retryingFetch("https://api.openai.com/v1/chat/completions", {
      method: "POST",
      body: "{}",
    });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    return errorTypeOf(error);
  }
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
    const mapped = mappedClassification(status);
    const retried = await retriedType(status);
    for (const [index, shape] of streamShapes(status).entries()) {
      const classified = classifyStreamError(shape, "openai");
      assert.ok(classified, `shape ${index} of ${status} is read as a stream error`);
      const stream = classificationOf(classified);
      if (stream.type !== mapped.type || stream.exit !== mapped.exit) {
        disagreements.push(
          `${status} (shape ${index}): stream ${stream.type}/${stream.exit}, HTTP ${mapped.type}/${mapped.exit}`,
        );
      }
      if (retried !== undefined && stream.type !== retried) {
        disagreements.push(`${status} (shape ${index}): stream ${stream.type}, retried ${retried}`);
      }
    }
  }
  assert.deepEqual(disagreements, []);
});

Deno.test("the retried statuses are the ones the retrying fetch ends with an error (the check above is not empty)", async () => {
  const retried: number[] = [];
  for (let status = 400; status <= 599; status++) {
    if (await retriedType(status) !== undefined) retried.push(status);
  }
  assert.deepEqual(retried, [408, 409, 429, 500, 502, 503, 504, 529]);
});
