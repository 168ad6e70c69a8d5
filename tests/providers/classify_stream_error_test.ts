import assert from "node:assert/strict";
import {
  classifyStreamError,
  contentFilterError,
  streamErrorFields,
} from "../../src/providers/classify_stream_error.ts";
import { errorTypeOf } from "../../src/core/error_type.ts";
import { exitCodeOf } from "../../src/core/errors.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

const QUOTA_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.";

/** Each service's mid-stream error as it arrives (raw) or as the AI SDK hands it on. */
const CASES: {
  name: string;
  value: unknown;
  type: string;
  exit: number;
  says: RegExp;
}[] = [
  {
    name: "OpenAI chat: data: {error} with insufficient_quota (raw frame)",
    value: {
      error: {
        message: QUOTA_MESSAGE,
        type: "insufficient_quota",
        param: null,
        code: "insufficient_quota",
      },
    },
    type: "quota_exhausted",
    exit: 4,
    says:
      /insufficient_quota: You exceeded your current quota.*the account.s quota or billing is exhausted, not the key/,
  },
  {
    name: "OpenAI chat: rate_limit_exceeded",
    value: {
      message: "Rate limit reached for gpt-4o-mini on tokens per min (TPM)",
      type: "tokens",
      param: null,
      code: "rate_limit_exceeded",
    },
    type: "rate_limited",
    exit: 5,
    says: /rate_limit_exceeded: Rate limit reached/,
  },
  {
    name: "OpenAI chat: server_error with no code",
    value: {
      error: {
        message: "The server had an error while processing your request.",
        type: "server_error",
        param: null,
        code: null,
      },
    },
    type: "server_error",
    exit: 1,
    says: /server_error: The server had an error/,
  },
  {
    name: "Responses API: type error event (nested, as recorded)",
    value: {
      type: "error",
      sequence_number: 2,
      error: {
        type: "insufficient_quota",
        code: "insufficient_quota",
        message: QUOTA_MESSAGE,
        param: null,
      },
    },
    type: "quota_exhausted",
    exit: 4,
    says: /insufficient_quota/,
  },
  {
    name: "Responses API: response.failed",
    value: {
      type: "response.failed",
      sequence_number: 3,
      response: { status: "failed", error: { code: "insufficient_quota", message: QUOTA_MESSAGE } },
    },
    type: "quota_exhausted",
    exit: 4,
    says: /insufficient_quota/,
  },
  {
    name: "xAI Responses as the SDK hands it on (type error, code)",
    value: { message: "Too many requests", type: "error", code: "rate_limit_exceeded" },
    type: "rate_limited",
    exit: 5,
    says: /rate_limit_exceeded: Too many requests/,
  },
  {
    name: "Anthropic: event: error overloaded_error (raw)",
    value: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    type: "overloaded",
    exit: 5,
    says: /overloaded_error: Overloaded.*overloaded; try again later/,
  },
  {
    name: "Anthropic: as the SDK hands it on",
    value: { message: "Overloaded", type: "overloaded_error", statusCode: 529, isRetryable: true },
    type: "overloaded",
    exit: 5,
    says: /overloaded_error: Overloaded/,
  },
  {
    name: "Bedrock: throttlingException frame (raw)",
    value: { throttlingException: { message: "Too many requests, please wait." } },
    type: "rate_limited",
    exit: 5,
    says: /throttlingException: Too many requests/,
  },
  {
    name: "Bedrock: serviceUnavailableException as the SDK hands it on",
    value: { message: "Service unavailable", type: "serviceUnavailableException" },
    type: "overloaded",
    exit: 5,
    says: /serviceUnavailableException/,
  },
  {
    name: "Bedrock: modelStreamErrorException",
    value: { modelStreamErrorException: { message: "Model failed", originalStatusCode: 500 } },
    type: "server_error",
    exit: 1,
    says: /modelStreamErrorException: Model failed/,
  },
  {
    name: "Gemini: error frame as the SDK hands it on",
    value: { message: "The model is overloaded.", type: "UNAVAILABLE", code: 503, statusCode: 503 },
    type: "overloaded",
    exit: 5,
    says: /UNAVAILABLE: The model is overloaded/,
  },
  {
    name: "Mistral: error object (raw)",
    value: {
      object: "error",
      message: "Requests rate limit exceeded",
      type: "rate_limited",
      param: null,
      code: "1300",
    },
    type: "rate_limited",
    exit: 5,
    says: /rate_limited: Requests rate limit exceeded/,
  },
];

for (const testCase of CASES) {
  Deno.test(`classifyStreamError: ${testCase.name}`, () => {
    const error = classifyStreamError(testCase.value, "someprovider");
    assert.ok(error, "classified");
    assert.equal(errorTypeOf(error), testCase.type);
    assert.equal(exitCodeOf(error), testCase.exit);
    assert.match(error.message, /^someprovider sent an error in the reply stream: /);
    assert.match(error.message, testCase.says);
    assert.doesNotMatch(error.message, /\[object Object\]|\n/);
  });
}

Deno.test("classifyStreamError: an Error carrying the frame (SDK validation error, APICallError)", () => {
  const validation = Object.assign(new Error("Type validation failed"), {
    name: "AI_TypeValidationError",
    value: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
  });
  assert.equal(errorTypeOf(classifyStreamError(validation, "xai")), "overloaded");
  const apiCall = Object.assign(new Error("x"), {
    name: "AI_APICallError",
    statusCode: 429,
    data: { error: { code: "insufficient_quota", message: QUOTA_MESSAGE } },
  });
  const error = classifyStreamError(apiCall, "openai", { httpStatus: 429 })!;
  assert.match(error.message, /^openai returned 429: insufficient_quota/);
  assert.equal(exitCodeOf(error), 4);
});

Deno.test("classifyStreamError: what is not a stream error is left to the caller", () => {
  assert.equal(classifyStreamError(new Error("socket closed"), "openai"), undefined);
  assert.equal(classifyStreamError("text", "openai"), undefined);
  assert.equal(classifyStreamError({ foo: 1 }, "openai"), undefined);
  assert.equal(streamErrorFields(null), undefined);
});

Deno.test("classifyStreamError: a key inside the provider's message is redacted", () => {
  const key = openaiProjectKey("STREAM");
  const error = classifyStreamError(
    { error: { type: "invalid_request_error", message: `Incorrect key ${key}\n provided` } },
    "openai",
  )!;
  assert.ok(!error.message.includes(key));
  assert.ok(!error.message.includes(key.slice(8, 40)));
  assert.equal(errorTypeOf(error), "invalid_request");
});

Deno.test("classifyStreamError: a key wrapped over lines in the provider's message shows no part of it", () => {
  clearKnownSecrets();
  const [known] = knownCanaries("STREAMWRAP");
  registerSecret(known.value, "MISTRAL_API_KEY");
  const key = openaiProjectKey("STREAMWRAP");
  for (const canary of [known, { name: "OpenAI key", value: key, publicPrefix: "sk-proj-" }]) {
    for (const cut of [4, 12, canary.value.length - 10]) {
      const wrapped = `${canary.value.slice(0, cut)}\n${canary.value.slice(cut)}`;
      for (
        const frame of [
          { error: { type: "server_error", message: `stream failed for\n${wrapped}` } },
          { type: "error", error: { type: "overloaded_error", message: `over ${wrapped}` } },
        ]
      ) {
        const error = classifyStreamError(frame, "openai")!;
        const part = leakedPart(error.message, canary);
        if (part !== undefined) assert.fail(`${canary.name} cut at ${cut}: "${part}"`);
      }
    }
  }
  clearKnownSecrets();
});

Deno.test("contentFilterError: names the reason, exit 1, content_filtered", () => {
  for (const reason of ["SAFETY", "RECITATION", "PROHIBITED_CONTENT", "content_filter"]) {
    const error = contentFilterError("gemini", reason);
    assert.equal(exitCodeOf(error), 1);
    assert.equal(errorTypeOf(error), "content_filtered");
    assert.match(error.message, new RegExp(`content filter blocked it \\(${reason}\\)`));
  }
});
