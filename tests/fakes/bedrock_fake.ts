/**
 * A fake of Amazon Bedrock Runtime's Converse API on 127.0.0.1, speaking what
 * `@ai-sdk/amazon-bedrock` sends and reads:
 *
 * - `POST /model/{modelId}/converse`: one JSON response (`output.message`,
 *   `stopReason`, `usage`, `metrics`);
 * - `POST /model/{modelId}/converse-stream`: `application/vnd.amazon.eventstream`
 *   binary frames `messageStart`, `contentBlockDelta` (several),
 *   `contentBlockStop`, `messageStop`, `metadata`. Each frame's `:event-type`
 *   header names the event and its payload is the event's *inner* object
 *   (e.g. `{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"}`), with the
 *   `p` padding field Bedrock adds; the SDK wraps it as `{ [eventType]: payload }`
 *   and drops `p`.
 *
 * The model id arrives percent-encoded (`encodeURIComponent`, so `:` is
 * `%3A`). Requests are authenticated with SigV4 (service `bedrock`), checked
 * byte for byte by `_sigv4.ts`, or with a Bedrock API key
 * (`authorization: Bearer ABSK…`). Errors carry AWS's body `{"message": …}` and
 * `x-amzn-ErrorType` header.
 *
 * @module
 */
import {
  BAD_REQUEST_TEXT,
  countTokens,
  cutStream,
  DEFAULT_REPLY,
  eventDelayFor,
  type FakeServer,
  type FakeServerControl,
  isRecord,
  isRedirectScenario,
  jsonResponse,
  jsonTypeName,
  type RecordedRequest,
  redirectResponse,
  type Scenario,
  SLOW_EVENT_DELAY_MILLISECONDS,
  splitBytes,
  splitIntoChunks,
  startFakeServer,
  STREAM_ERROR_MESSAGES,
  streamErrorFor,
  type StreamErrorScenario,
  WIRE_PIECE_BYTES,
  type WireMode,
  wireModeFromEnv,
} from "./_fake_server.ts";
import { encodeEvent, encodeException } from "./_event_stream.ts";
import { CORAL_SERVICE_NAMESPACE, verifySigV4 } from "./_sigv4.ts";

/** Options of {@linkcode startBedrockFake}. */
export interface BedrockFakeOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it in `x-amz-security-token` (temporary credentials). */
  sessionToken?: string;
  /** The endpoint's region, e.g. `us-east-1`; the credential scope must name it. */
  region: string;
  /** A Bedrock API key (`ABSK…`) accepted as `authorization: Bearer <key>`. */
  apiKey?: string;
  reply?: string;
  scenario?: Scenario;
  /** Model ids served; any well-formed id when absent. */
  models?: readonly string[];
  /** Reported as `cacheReadInputTokens`. */
  cachedTokens?: number;
  /** How the stream goes on the wire (`split` only: event-stream has no lines); `OMN_FAKE_WIRE` when absent. */
  wire?: Partial<WireMode>;
}

/** A running Bedrock fake. */
export interface BedrockFake extends FakeServer {
  /** What `createAmazonBedrock({ baseURL })` takes (the origin, no path). */
  readonly baseURL: string;
}

const BEDROCK_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/";
const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;
const MODEL_ID =
  /^(arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]*:\d*:[A-Za-z0-9./:_-]+|[a-z0-9-]+(\.[A-Za-z0-9_.-]+)+(:\d+)?(:[A-Za-z0-9]+)?)$/;
const TOP_LEVEL_FIELDS = new Set([
  "messages",
  "system",
  "inferenceConfig",
  "toolConfig",
  "guardrailConfig",
  "additionalModelRequestFields",
  "additionalModelResponseFieldPaths",
  "promptVariables",
  "requestMetadata",
  "performanceConfig",
  "serviceTier",
  "outputConfig",
]);
const CONTENT_BLOCK_FIELDS = new Set([
  "text",
  "image",
  "document",
  "video",
  "toolUse",
  "toolResult",
  "guardContent",
  "cachePoint",
  "reasoningContent",
  "citationsContent",
  "searchResult",
]);
const SYSTEM_BLOCK_FIELDS = new Set(["text", "guardContent", "cachePoint"]);
const INFERENCE_FIELDS = new Set(["maxTokens", "temperature", "topP", "stopSequences"]);
const PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** An AWS error answer: `{ message }` body, `x-amzn-ErrorType` header. */
function awsError(status: number, type: string, namespace: string, message: string): Response {
  return jsonResponse({ message }, status, {
    "x-amzn-errortype": `${type}:${namespace}`,
    "x-amzn-requestid": crypto.randomUUID(),
  });
}

function validationError(message: string): Response {
  return awsError(400, "ValidationException", BEDROCK_NAMESPACE, message);
}

function constraint(value: unknown, at: string, rule: string): Response {
  return validationError(
    `1 validation error detected: Value '${
      typeof value === "string" ? value : JSON.stringify(value)
    }' at '${at}' failed to satisfy constraint: ${rule}`,
  );
}

function checkContentBlocks(
  blocks: unknown,
  at: string,
  allowed: Set<string>,
): Response | undefined {
  if (!Array.isArray(blocks)) return constraint(blocks, at, "Member must not be null");
  for (const [index, block] of blocks.entries()) {
    const where = `${at}.${index + 1}.member`;
    if (!isRecord(block)) {
      return validationError(`Malformed input request: ${where} must be an object`);
    }
    const keys = Object.keys(block);
    const unknown = keys.find((key) => !allowed.has(key));
    if (unknown !== undefined) {
      return validationError(
        `Malformed input request: extraneous key [${unknown}] is not permitted, please reformat your input and try again.`,
      );
    }
    if (keys.length !== 1) {
      return validationError(
        `The ContentBlock object at ${at}.${index} must set exactly one of the following keys: ` +
          [...allowed].join(", ") + ".",
      );
    }
    if ("text" in block && (typeof block.text !== "string" || block.text === "")) {
      return typeof block.text === "string"
        ? validationError(
          `The text field in the ContentBlock object at ${at}.${index} is blank. ` +
            "Add text to the text field, and try again.",
        )
        : constraint(block.text, `${where}.text`, "Member must be a string");
    }
  }
  return undefined;
}

/** Checks a Converse request body as Bedrock validates it. */
function checkConverseRequest(request: RecordedRequest): Response | undefined {
  if (request.json === undefined || !isRecord(request.json)) {
    return validationError(
      request.json === undefined
        ? "Malformed input request, please reformat your input and try again."
        : `Malformed input request: expected an object, got ${jsonTypeName(request.json)}`,
    );
  }
  const body = request.json;
  const unknown = Object.keys(body).find((key) => !TOP_LEVEL_FIELDS.has(key));
  if (unknown !== undefined) {
    return validationError(
      `Malformed input request: extraneous key [${unknown}] is not permitted, please reformat your input and try again.`,
    );
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return messages === undefined
      ? constraint(null, "messages", "Member must not be null")
      : validationError(
        "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
      );
  }
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) {
      return validationError(`Malformed input request: messages.${index} must be an object`);
    }
    const unknownKey = Object.keys(message).find((key) => key !== "role" && key !== "content");
    if (unknownKey !== undefined) {
      return validationError(
        `Malformed input request: extraneous key [${unknownKey}] is not permitted, please reformat your input and try again.`,
      );
    }
    if (message.role !== "user" && message.role !== "assistant") {
      return constraint(
        message.role,
        `messages.${index + 1}.member.role`,
        "Member must satisfy enum value set: [user, assistant]",
      );
    }
    if (index === 0 && message.role !== "user") {
      return validationError(
        "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
      );
    }
    if (index > 0 && (messages[index - 1] as Record<string, unknown>).role === message.role) {
      return validationError(
        "A conversation must alternate between user and assistant roles. " +
          "Make sure the conversation alternates between user and assistant roles and try again.",
      );
    }
    if (Array.isArray(message.content) && message.content.length === 0) {
      return validationError(
        `The content field in the Message object at messages.${index} is empty. ` +
          "Add a ContentBlock object to the content field and try again.",
      );
    }
    const problem = checkContentBlocks(
      message.content,
      `messages.${index}.content`,
      CONTENT_BLOCK_FIELDS,
    );
    if (problem) return problem;
  }
  if (body.system !== undefined) {
    const problem = checkContentBlocks(body.system, "system", SYSTEM_BLOCK_FIELDS);
    if (problem) return problem;
  }
  return checkInferenceConfig(body.inferenceConfig);
}

function checkInferenceConfig(config: unknown): Response | undefined {
  if (config === undefined) return undefined;
  if (!isRecord(config)) {
    return validationError("Malformed input request: inferenceConfig must be an object");
  }
  const unknown = Object.keys(config).find((key) => !INFERENCE_FIELDS.has(key));
  if (unknown !== undefined) {
    return validationError(
      `Malformed input request: extraneous key [${unknown}] is not permitted, please reformat your input and try again.`,
    );
  }
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    return constraint(
      maxTokens,
      "inferenceConfig.maxTokens",
      "Member must have value greater than or equal to 1",
    );
  }
  for (const [name, value] of [["temperature", temperature], ["topP", topP]] as const) {
    if (value === undefined) continue;
    if (typeof value !== "number" || value < 0) {
      return constraint(
        value,
        `inferenceConfig.${name}`,
        "Member must have value greater than or equal to 0",
      );
    }
    if (value > 1) {
      return constraint(
        value,
        `inferenceConfig.${name}`,
        "Member must have value less than or equal to 1",
      );
    }
  }
  if (
    stopSequences !== undefined &&
    (!Array.isArray(stopSequences) ||
      stopSequences.some((stop) => typeof stop !== "string" || stop === ""))
  ) {
    return constraint(
      stopSequences,
      "inferenceConfig.stopSequences",
      "Member must be a list of non-empty strings",
    );
  }
  return undefined;
}

/** All text of the messages and system blocks (for the input token count). */
function promptText(json: unknown): string {
  if (!isRecord(json)) return "";
  const texts: string[] = [];
  const collect = (blocks: unknown) => {
    if (!Array.isArray(blocks)) return;
    for (const block of blocks) {
      if (isRecord(block) && typeof block.text === "string") texts.push(block.text);
    }
  };
  collect(json.system);
  if (Array.isArray(json.messages)) {
    for (const message of json.messages) if (isRecord(message)) collect(message.content);
  }
  return texts.join("\n");
}

/** The `p` field Bedrock pads event payloads with: a prefix of the alphabet. */
function padding(): string {
  return PADDING.slice(0, 1 + Math.floor(Math.random() * PADDING.length));
}

/** Waits, or stops as soon as the signal fires. */
function delay(milliseconds: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Sends frames one by one, `delayMilliseconds` apart; stops on cancel or on the signal. */
function frameStream(
  frames: Uint8Array[],
  delayMilliseconds: number,
  signal: AbortSignal,
  wire: Partial<WireMode> = {},
): ReadableStream<Uint8Array> {
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  signal.addEventListener("abort", stop, { once: true });
  const finish = () => signal.removeEventListener("abort", stop);
  // The split wire (OMN_FAKE_WIRE=split): each frame in small pieces, so frames span reads.
  if ({ ...wireModeFromEnv(), ...wire }.split) {
    frames = frames.flatMap((frame) => splitBytes(frame, WIRE_PIECE_BYTES));
    delayMilliseconds = Math.max(delayMilliseconds, 1);
  }
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > 0 && delayMilliseconds > 0) await delay(delayMilliseconds, stopping.signal);
      if (stopping.signal.aborted) {
        finish();
        try {
          controller.close();
        } catch {
          // Already cancelled.
        }
        return;
      }
      controller.enqueue(frames[next++]);
      if (next >= frames.length) {
        finish();
        controller.close();
      }
    },
    cancel() {
      stop();
      finish();
    },
  });
}

/**
 * Starts the Bedrock fake. Point `@ai-sdk/amazon-bedrock` at it with
 * `createAmazonBedrock({ baseURL: fake.baseURL, region, accessKeyId, secretAccessKey })`.
 *
 * @example
 * ```ts
 * await using fake = await startBedrockFake({ accessKeyId, secretAccessKey, region: "us-east-1" });
 * ```
 */
export async function startBedrockFake(options: BedrockFakeOptions): Promise<BedrockFake> {
  const reply = options.reply ?? DEFAULT_REPLY;
  const scenario = options.scenario ?? "ok";
  const credentials = [{
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    sessionToken: options.sessionToken,
  }];

  const authenticate = (
    request: RecordedRequest,
    control: FakeServerControl,
  ): Response | undefined => {
    const authorization = request.headers.get("authorization") ?? "";
    if (authorization.startsWith("Bearer ")) {
      const key = authorization.slice("Bearer ".length);
      if (!key.startsWith("ABSK")) {
        control.recordViolation("Bedrock API key without its ABSK prefix");
        return jsonResponse({
          Message: "Invalid API Key format: Must start with pre-defined prefix",
        }, 403);
      }
      if (options.apiKey === undefined || key !== options.apiKey) {
        control.recordViolation("Wrong Bedrock API key");
        return jsonResponse({
          Message: "Authentication failed: Please make sure your API Key is valid.",
        }, 403);
      }
      if (request.headers.has("x-amz-security-token")) {
        control.recordViolation("x-amz-security-token sent along with a Bedrock API key");
      }
      return undefined;
    }
    const verification = verifySigV4(
      {
        method: request.method,
        url: request.url.href,
        headers: request.headers,
        body: new TextEncoder().encode(request.bodyText),
      },
      { credentials, region: options.region, service: "bedrock" },
    );
    if (verification.ok) return undefined;
    control.recordViolation(`SigV4 rejected (${verification.errorType}): ${verification.detail}`);
    return awsError(
      verification.status,
      verification.errorType,
      CORAL_SERVICE_NAMESPACE,
      verification.message,
    );
  };

  const handle = (
    request: RecordedRequest,
    serverControl: FakeServerControl,
  ): Promise<Response> | Response => {
    const control = withPrefix(serverControl, "bedrock");
    if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);
    const path = request.url.pathname;
    const route = ROUTE.exec(path);
    if (!route || request.method !== "POST") {
      control.recordViolation(`Unknown Bedrock Runtime route "${request.method} ${path}"`);
      return jsonResponse(
        {
          Output: { __type: "com.amazon.coral.service#UnknownOperationException" },
          Version: "1.0",
        },
        404,
      );
    }
    const rejected = authenticate(request, control);
    if (rejected) return rejected;
    if (scenario === "unauthorized") {
      return request.headers.get("authorization")?.startsWith("Bearer ")
        ? jsonResponse({
          Message: "Authentication failed: Please make sure your API Key is valid.",
        }, 403)
        : awsError(
          403,
          "UnrecognizedClientException",
          CORAL_SERVICE_NAMESPACE,
          "The security token included in the request is invalid.",
        );
    }
    let modelId: string;
    try {
      modelId = decodeURIComponent(route[1]);
    } catch {
      modelId = route[1];
    }
    const knownModel = options.models ? options.models.includes(modelId) : MODEL_ID.test(modelId);
    if (!knownModel) {
      control.recordViolation(`Unknown Bedrock model id "${modelId}"`);
      return validationError("The provided model identifier is invalid.");
    }
    if (scenario === "rate-limited") {
      return awsError(
        429,
        "ThrottlingException",
        BEDROCK_NAMESPACE,
        "Too many requests, please wait before trying again.",
      );
    }
    if (scenario === "bad-request") {
      return validationError(
        `${BAD_REQUEST_TEXT}: inferenceConfig.temperature must be between 0 and 1.`,
      );
    }
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.startsWith("application/json")) {
      control.recordViolation(`Converse request with content-type "${contentType}"`);
    }
    const problem = checkConverseRequest(request);
    if (problem) {
      control.recordViolation(`Invalid Converse request body on "${path}"`);
      return problem;
    }
    return answer(request, route[2] === "converse-stream", control);
  };

  const answer = async (
    request: RecordedRequest,
    stream: boolean,
    control: FakeServerControl,
  ): Promise<Response> => {
    const inputTokens = countTokens(promptText(request.json));
    const outputTokens = countTokens(reply);
    const cached = options.cachedTokens ?? 0;
    const latencyMs = 180 + Math.floor(Math.random() * 400);
    const json = request.json as Record<string, unknown>;
    const wantsStopSequence = Array.isArray(json.additionalModelResponseFieldPaths) &&
      json.additionalModelResponseFieldPaths.includes("/delta/stop_sequence");
    const requestId = crypto.randomUUID();
    if (!stream) {
      if (scenario === "slow") await delay(SLOW_EVENT_DELAY_MILLISECONDS, control.signal);
      return jsonResponse(
        {
          metrics: { latencyMs },
          output: { message: { content: [{ text: reply }], role: "assistant" } },
          stopReason: "end_turn",
          usage: {
            cacheReadInputTokenCount: cached,
            cacheReadInputTokens: cached,
            cacheWriteInputTokenCount: 0,
            cacheWriteInputTokens: 0,
            inputTokens,
            outputTokens,
            serverToolUsage: {},
            totalTokens: inputTokens + outputTokens + cached,
          },
        },
        200,
        { "x-amzn-requestid": requestId },
      );
    }
    const usage: Record<string, unknown> = {
      inputTokens,
      outputTokens,
      serverToolUsage: {},
      totalTokens: inputTokens + outputTokens + cached,
    };
    if (cached > 0) usage.cacheReadInputTokens = cached;
    const textFrames = new Set<Uint8Array>();
    const normal = [
      encodeEvent("messageStart", { p: padding(), role: "assistant" }),
      ...splitIntoChunks(reply).map((text) => {
        const frame = encodeEvent("contentBlockDelta", {
          contentBlockIndex: 0,
          delta: { text },
          p: padding(),
        });
        textFrames.add(frame);
        return frame;
      }),
      encodeEvent("contentBlockStop", { contentBlockIndex: 0, p: padding() }),
      encodeEvent("messageStop", {
        ...(wantsStopSequence
          ? { additionalModelResponseFields: { delta: { stop_sequence: null } } }
          : {}),
        p: padding(),
        stopReason: "end_turn",
      }),
      encodeEvent("metadata", { metrics: { latencyMs }, p: padding(), usage }),
    ];
    const streamError = streamErrorFor(scenario, request, control);
    const frames = streamError
      ? cutStream(
        normal,
        (frame) => textFrames.has(frame),
        streamError,
        streamErrorFrames(streamError, latencyMs, usage),
      )
      : normal;
    return new Response(
      frameStream(frames, eventDelayFor(scenario), control.signal, options.wire),
      {
        status: 200,
        headers: {
          "content-type": "application/vnd.amazon.eventstream",
          "x-amzn-requestid": requestId,
        },
      },
    );
  };

  const server = await startFakeServer(handle);
  return Object.assign(server, { baseURL: server.url });
}

/**
 * How ConverseStream breaks off: an exception frame (`:message-type:
 * exception`), or, for a content-filter stop, `stopReason: "content_filtered"`.
 * Bedrock has no mid-stream quota error; `"quota"` is sent as throttling.
 */
function streamErrorFrames(
  error: StreamErrorScenario,
  latencyMs: number,
  usage: Record<string, unknown>,
): Uint8Array[] {
  if (error.streamError === "content-filter") {
    return [
      encodeEvent("contentBlockStop", { contentBlockIndex: 0, p: padding() }),
      encodeEvent("messageStop", {
        p: padding(),
        stopReason: error.reason ?? "content_filtered",
      }),
      encodeEvent("metadata", { metrics: { latencyMs }, p: padding(), usage }),
    ];
  }
  const [type, message] = {
    overloaded: ["serviceUnavailableException", "Bedrock is unable to process your request."],
    "rate-limited": ["throttlingException", "Too many requests, please wait before trying again."],
    quota: ["throttlingException", "Too many tokens, please wait before trying again."],
    "server-error": ["internalServerException", STREAM_ERROR_MESSAGES["server-error"]],
  }[error.streamError];
  return [encodeException(type, { message })];
}

/** The same control, its violations prefixed with the provider's name. */
function withPrefix(control: FakeServerControl, prefix: string): FakeServerControl {
  return {
    url: control.url,
    signal: control.signal,
    requests: control.requests,
    recordViolation: (message) => control.recordViolation(`${prefix}: ${message}`),
  };
}
