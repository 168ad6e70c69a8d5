/**
 * A fake of the Gemini API (generativelanguage.googleapis.com) on 127.0.0.1,
 * speaking what `@ai-sdk/google` sends and reads:
 *
 * - `POST /v1beta/models/{model}:generateContent`: one JSON
 *   `GenerateContentResponse`;
 * - `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`: server-sent
 *   events, `data: <GenerateContentResponse>` each, separated by CRLF CRLF as
 *   Google sends them; partial text per event, cumulative `usageMetadata`,
 *   the last event with `finishReason: "STOP"`;
 * - `GET /v1beta/models` (and `GET /v1beta/models/{model}`).
 *
 * The key is read from `x-goog-api-key` only. A `key=` query parameter is
 * never accepted (the real API would take it, and it puts the key in logs):
 * it is recorded as a violation and ignored. Real error statuses: a wrong key
 * is `400 INVALID_ARGUMENT` with reason `API_KEY_INVALID` (Google does not use
 * 401 for API keys), a missing key `403 PERMISSION_DENIED`.
 *
 * The request and response builders are exported for the Vertex fake, which
 * serves the same GenerateContent format under another path and auth.
 *
 * @module
 */
import {
  BAD_REQUEST_TEXT,
  countTokens,
  cutStream,
  DEFAULT_REPLY,
  eventDelayFor,
  type FakeProviderOptions,
  type FakeServer,
  type FakeServerControl,
  isRecord,
  isRedirectScenario,
  jsonResponse,
  jsonTypeName,
  randomIdentifier,
  type RecordedRequest,
  redirectResponse,
  type Scenario,
  SLOW_EVENT_DELAY_MILLISECONDS,
  splitIntoChunks,
  startFakeServer,
  STREAM_ERROR_MESSAGES,
  streamErrorFor,
  type StreamErrorScenario,
  type WireMode,
} from "./_fake_server.ts";
import { createSseResponse } from "./_sse.ts";

/** Models the fake knows when not told otherwise. */
export const DEFAULT_GEMINI_MODELS: readonly string[] = [
  "gemini-2.5-flash",
  "gemini-2.5-flash-lite",
  "gemini-2.5-pro",
  "gemini-3-pro-preview",
];

/** Options of {@linkcode startGeminiFake}. */
export interface GeminiFakeOptions extends FakeProviderOptions {
  /** Model ids served (without `models/`); {@linkcode DEFAULT_GEMINI_MODELS} when absent. */
  models?: readonly string[];
  /** Reported as `cachedContentTokenCount` when above 0 (Google omits it otherwise). */
  cachedTokens?: number;
}

/** A running Gemini fake. */
export interface GeminiFake extends FakeServer {
  /** What `createGoogle({ baseURL })` takes: `<url>/v1beta`. */
  readonly baseURL: string;
}

// ---------------------------------------------------------------------------
// Google error bodies

/** A Google API error body: `{ error: { code, message, status, details? } }`. */
export function googleErrorResponse(
  code: number,
  status: string,
  message: string,
  details?: unknown[],
  headers: HeadersInit = {},
): Response {
  const error: Record<string, unknown> = { code, message, status };
  if (details !== undefined) error.details = details;
  return jsonResponse({ error }, code, headers);
}

/** `INVALID_ARGUMENT` as GenerateContent reports field errors. */
export function invalidArgument(message: string, fieldViolations?: unknown[]): Response {
  return googleErrorResponse(
    400,
    "INVALID_ARGUMENT",
    message,
    fieldViolations === undefined
      ? undefined
      : [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations }],
  );
}

/** Google's front-end 404 for a path that names no method: an HTML page. */
export function googleNotFoundPage(path: string): Response {
  const html = `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n` +
    `  <title>Error 404 (Not Found)!!1</title>\n` +
    `  <p><b>404.</b> <ins>That’s an error.</ins>\n` +
    `  <p>The requested URL <code>${
      path.replace(/[<>&"]/g, "")
    }</code> was not found on this server.` +
    `  <ins>That’s all we know.</ins>\n`;
  return new Response(html, {
    status: 404,
    headers: { "content-type": "text/html; charset=UTF-8" },
  });
}

function geminiKeyInvalid(): Response {
  return googleErrorResponse(
    400,
    "INVALID_ARGUMENT",
    "API key not valid. Please pass a valid API key.",
    [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: "generativelanguage.googleapis.com" },
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        locale: "en-US",
        message: "API key not valid. Please pass a valid API key.",
      },
    ],
  );
}

function geminiKeyMissing(): Response {
  return googleErrorResponse(
    403,
    "PERMISSION_DENIED",
    "Method doesn't allow unregistered callers (callers without established identity). " +
      "Please use API Key or other form of API consumer identity to call this API.",
    [{
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "SERVICE_DISABLED",
      domain: "googleapis.com",
      metadata: { service: "generativelanguage.googleapis.com" },
    }],
  );
}

/** The `"bad-request"` scenario's answer: a field violation naming the temperature. */
export function badRequestScenario(): Response {
  const description = `${BAD_REQUEST_TEXT}: must be in the range [0.0, 2.0]`;
  return invalidArgument(
    `* GenerateContentRequest.generation_config.temperature: ${description}\n`,
    [
      { field: "generation_config.temperature", description },
    ],
  );
}

/** The Gemini API's 429, with `QuotaFailure` and `RetryInfo.retryDelay` as Google sends them. */
function geminiRateLimited(): Response {
  return googleErrorResponse(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. " +
      "For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [{
          quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
          quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
          quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
          quotaValue: "10",
        }],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{
          description: "Learn more about Gemini API quotas",
          url: "https://ai.google.dev/gemini-api/docs/rate-limits",
        }],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1s" },
    ],
  );
}

// ---------------------------------------------------------------------------
// Request checks

const TOP_LEVEL_FIELDS = new Set([
  "contents",
  "systemInstruction",
  "generationConfig",
  "safetySettings",
  "tools",
  "toolConfig",
  "cachedContent",
  "labels",
  "serviceTier",
  "continuationToken",
  "model",
]);

const GENERATION_CONFIG_FIELDS = new Set([
  "stopSequences",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "_responseJsonSchema",
  "responseModalities",
  "candidateCount",
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "seed",
  "presencePenalty",
  "frequencyPenalty",
  "responseLogprobs",
  "logprobs",
  "enableEnhancedCivicAnswers",
  "speechConfig",
  "thinkingConfig",
  "imageConfig",
  "mediaResolution",
  "audioTimestamp",
  "routingConfig",
]);

const PART_DATA_FIELDS = [
  "text",
  "inlineData",
  "fileData",
  "functionCall",
  "functionResponse",
  "executableCode",
  "codeExecutionResult",
];
const PART_FIELDS = new Set([
  ...PART_DATA_FIELDS,
  "thought",
  "thoughtSignature",
  "videoMetadata",
  "partMetadata",
  "mediaResolution",
]);

const RESPONSE_MIME_TYPES = new Set(["text/plain", "application/json", "text/x.enum"]);

/** snake_case → camelCase: the JSON API accepts both spellings of a field. */
function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `{ fieldName: value }` with every key in camelCase. */
function camelKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [camel(key), value]));
}

function unknownName(name: string, at: string): Response {
  const description = `Invalid JSON payload received. Unknown name "${name}"${
    at ? ` at '${at}'` : ""
  }: Cannot find field.`;
  return invalidArgument(description, [{ field: at, description }]);
}

function fieldError(field: string, description: string): Response {
  return invalidArgument(`* GenerateContentRequest.${field}: ${description}\n`, [{
    field,
    description,
  }]);
}

function checkParts(parts: unknown, at: string): Response | undefined {
  if (!Array.isArray(parts) || parts.length === 0) {
    return fieldError(`${at}.parts`, "contents.parts must not be empty.");
  }
  for (const [index, part] of parts.entries()) {
    const where = `${at}.parts[${index}]`;
    if (!isRecord(part)) {
      return invalidArgument(
        `Invalid value at '${where}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Part), ${
          jsonTypeName(part)
        }`,
      );
    }
    const fields = camelKeys(part);
    for (const name of Object.keys(fields)) {
      if (!PART_FIELDS.has(name)) return unknownName(name, where);
    }
    const data = PART_DATA_FIELDS.filter((name) => fields[name] !== undefined);
    if (data.length !== 1) {
      return fieldError(
        `${where}.data`,
        data.length === 0
          ? "required oneof field 'data' must have one initialized field"
          : `oneof field 'data' is already set. Cannot set '${data[1]}'`,
      );
    }
    if (fields.text !== undefined && typeof fields.text !== "string") {
      return invalidArgument(
        `Invalid value at '${where}.text' (TYPE_STRING), ${jsonTypeName(fields.text)}`,
      );
    }
  }
  return undefined;
}

function checkNumber(
  config: Record<string, unknown>,
  name: string,
  check: (value: number) => boolean,
  range: string,
): Response | undefined {
  const value = config[name];
  if (value === undefined) return undefined;
  const snake = name.replace(/[A-Z]/g, (letter) => "_" + letter.toLowerCase());
  if (typeof value !== "number") {
    return invalidArgument(
      `Invalid value at 'generation_config.${snake}' (TYPE_${
        name === "temperature" || name === "topP" ? "FLOAT" : "INT32"
      }), ${JSON.stringify(value)}`,
    );
  }
  if (!check(value)) return fieldError(`generation_config.${snake}`, `${name} must be ${range}`);
  return undefined;
}

function checkGenerationConfig(value: unknown): Response | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    return invalidArgument(
      `Invalid value at 'generation_config' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig), ${
        jsonTypeName(value)
      }`,
    );
  }
  const config = camelKeys(value);
  for (const name of Object.keys(config)) {
    if (!GENERATION_CONFIG_FIELDS.has(name)) return unknownName(name, "generation_config");
  }
  return checkNumber(config, "temperature", (v) => v >= 0 && v <= 2, "in the range [0.0, 2.0]") ??
    checkNumber(config, "topP", (v) => v >= 0 && v <= 1, "in the range [0.0, 1.0]") ??
    checkNumber(config, "topK", (v) => Number.isInteger(v) && v > 0, "a positive integer") ??
    checkNumber(
      config,
      "maxOutputTokens",
      (v) => Number.isInteger(v) && v > 0,
      "a positive integer",
    ) ??
    checkNumber(
      config,
      "candidateCount",
      (v) => Number.isInteger(v) && v >= 1 && v <= 8,
      "1 to 8",
    ) ??
    checkResponseFormat(config);
}

function checkResponseFormat(config: Record<string, unknown>): Response | undefined {
  const mime = config.responseMimeType;
  if (mime !== undefined && (typeof mime !== "string" || !RESPONSE_MIME_TYPES.has(mime))) {
    return fieldError(
      "generation_config.response_mime_type",
      `allowed mimetypes are \`text/plain\`, \`application/json\`, \`text/x.enum\`. ` +
        `Got ${JSON.stringify(mime)}`,
    );
  }
  for (const name of ["responseSchema", "responseJsonSchema"]) {
    if (config[name] !== undefined && !isRecord(config[name])) {
      return fieldError(`generation_config.${name}`, "must be an object");
    }
  }
  if (
    (config.responseSchema ?? config.responseJsonSchema) !== undefined &&
    mime !== "application/json"
  ) {
    return fieldError(
      "generation_config.response_mime_type",
      "When using response schema, response_mime_type must be `application/json`.",
    );
  }
  const stops = config.stopSequences;
  if (
    stops !== undefined &&
    (!Array.isArray(stops) || stops.length > 5 || stops.some((stop) => typeof stop !== "string"))
  ) {
    return fieldError("generation_config.stop_sequences", "at most 5 strings");
  }
  return undefined;
}

/**
 * Checks a GenerateContentRequest body as the API validates it; returns the
 * error answer, or undefined when the request is valid.
 */
export function checkGenerateContentRequest(request: RecordedRequest): Response | undefined {
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
    return invalidArgument(
      `Invalid JSON payload received. Content-Type "${
        request.headers.get("content-type") ?? ""
      }" is not application/json.`,
    );
  }
  if (request.json === undefined) {
    return invalidArgument("Invalid JSON payload received. Unexpected token.");
  }
  if (!isRecord(request.json)) {
    return invalidArgument(
      `Invalid JSON payload received. Expected an object, got ${jsonTypeName(request.json)}.`,
    );
  }
  const body = camelKeys(request.json);
  for (const name of Object.keys(body)) {
    if (!TOP_LEVEL_FIELDS.has(name)) return unknownName(name, "");
  }
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return fieldError("contents", "contents is not specified");
  }
  for (const [index, content] of contents.entries()) {
    const at = `contents[${index}]`;
    if (!isRecord(content)) {
      return invalidArgument(
        `Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), ${
          jsonTypeName(content)
        }`,
      );
    }
    for (const name of Object.keys(content)) {
      if (name !== "role" && name !== "parts") return unknownName(name, at);
    }
    if (content.role !== undefined && content.role !== "user" && content.role !== "model") {
      return invalidArgument("Please use a valid role: user, model.");
    }
    const problem = checkParts(content.parts, at);
    if (problem) return problem;
  }
  if (body.systemInstruction !== undefined) {
    const system = body.systemInstruction;
    if (!isRecord(system)) {
      return invalidArgument(
        `Invalid value at 'system_instruction' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), ${
          jsonTypeName(system)
        }`,
      );
    }
    const problem = checkParts(system.parts, "system_instruction");
    if (problem) return problem;
  }
  return checkGenerationConfig(body.generationConfig);
}

/** All the text a GenerateContentRequest holds (prompt and system instruction). */
export function promptText(json: unknown): string {
  if (!isRecord(json)) return "";
  const texts: string[] = [];
  const collect = (content: unknown) => {
    if (!isRecord(content) || !Array.isArray(content.parts)) return;
    for (const part of content.parts) {
      if (isRecord(part) && typeof part.text === "string") texts.push(part.text);
    }
  };
  collect(json.systemInstruction ?? json.system_instruction);
  if (Array.isArray(json.contents)) json.contents.forEach(collect);
  return texts.join("\n");
}

// ---------------------------------------------------------------------------
// Answers

/** How a GenerateContent answer is built. */
export interface GenerateContentAnswerOptions {
  reply: string;
  modelVersion: string;
  request: RecordedRequest;
  stream: boolean;
  scenario: Scenario | undefined;
  signal: AbortSignal;
  cachedTokens?: number;
  /** Vertex AI adds `createTime` and `usageMetadata.trafficType`. */
  vertex?: boolean;
  /** Breaks the stream off with Google's error frame or a content-filter stop. */
  streamError?: StreamErrorScenario;
  /** How the stream goes on the wire; `OMN_FAKE_WIRE` when absent. */
  wire?: Partial<WireMode>;
}

/**
 * How Google breaks off a stream: a `data: {"error": {code, message,
 * status}}` frame, or, for a content-filter stop, a last chunk whose
 * `finishReason` is `SAFETY` (or `RECITATION`, `PROHIBITED_CONTENT`…) with
 * no text.
 */
function streamErrorEvent(
  error: StreamErrorScenario,
  usage: Record<string, unknown>,
  base: Record<string, unknown>,
): { data: string } {
  if (error.streamError === "content-filter") {
    const reason = error.reason ?? "SAFETY";
    return {
      data: JSON.stringify({
        candidates: [{
          finishReason: reason,
          index: 0,
          ...(reason === "SAFETY"
            ? {
              safetyRatings: [{
                category: "HARM_CATEGORY_DANGEROUS_CONTENT",
                probability: "HIGH",
                blocked: true,
              }],
            }
            : {}),
        }],
        usageMetadata: usage,
        ...base,
      }),
    };
  }
  const [code, status, message] = {
    overloaded: [503, "UNAVAILABLE", "The model is overloaded. Please try again later."],
    "rate-limited": [429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."],
    quota: [429, "RESOURCE_EXHAUSTED", STREAM_ERROR_MESSAGES.quota],
    "server-error": [500, "INTERNAL", "An internal error has occurred. Please retry."],
  }[error.streamError];
  return { data: JSON.stringify({ error: { code, message, status } }) };
}

function usageMetadata(
  promptTokens: number,
  candidateTokens: number,
  options: GenerateContentAnswerOptions,
): Record<string, unknown> {
  const cached = options.cachedTokens ?? 0;
  const usage: Record<string, unknown> = {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidateTokens,
    totalTokenCount: promptTokens + candidateTokens,
  };
  if (cached > 0) usage.cachedContentTokenCount = cached;
  usage.promptTokensDetails = [{ modality: "TEXT", tokenCount: promptTokens }];
  if (cached > 0) usage.cacheTokensDetails = [{ modality: "TEXT", tokenCount: cached }];
  if (options.vertex) {
    usage.candidatesTokensDetails = [{ modality: "TEXT", tokenCount: candidateTokens }];
    usage.trafficType = "ON_DEMAND";
  }
  return usage;
}

/** Waits, or stops as soon as the signal fires. */
export function delay(milliseconds: number, signal: AbortSignal): Promise<void> {
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

/** LF → CRLF: Google separates its server-sent events with CRLF CRLF. */
function crlfLines(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(
        encoder.encode(decoder.decode(chunk, { stream: true }).replace(/\n/g, "\r\n")),
      );
    },
  });
}

/** A successful GenerateContent answer, whole (JSON) or streamed (SSE). */
export async function generateContentAnswer(
  options: GenerateContentAnswerOptions,
): Promise<Response> {
  const promptTokens = countTokens(promptText(options.request.json));
  const responseId = randomIdentifier(22);
  const base = (): Record<string, unknown> =>
    options.vertex
      ? { modelVersion: options.modelVersion, createTime: new Date().toISOString(), responseId }
      : { modelVersion: options.modelVersion, responseId };
  if (!options.stream) {
    if (options.scenario === "slow") await delay(SLOW_EVENT_DELAY_MILLISECONDS, options.signal);
    return jsonResponse({
      candidates: [{
        content: { parts: [{ text: options.reply }], role: "model" },
        finishReason: "STOP",
        index: 0,
      }],
      usageMetadata: usageMetadata(promptTokens, countTokens(options.reply), options),
      ...base(),
    });
  }
  const chunks = splitIntoChunks(options.reply);
  let sent = "";
  const events = chunks.map((text, index) => {
    sent += text;
    const last = index === chunks.length - 1;
    const candidate: Record<string, unknown> = {
      content: { parts: [{ text }], role: "model" },
      ...(last ? { finishReason: "STOP" } : {}),
      index: 0,
    };
    return {
      data: JSON.stringify({
        candidates: [candidate],
        usageMetadata: usageMetadata(promptTokens, countTokens(sent), options),
        ...base(),
      }),
    };
  });
  const cut = options.streamError
    ? cutStream(events, () => true, options.streamError, [
      streamErrorEvent(
        options.streamError,
        usageMetadata(promptTokens, countTokens(sent), options),
        base(),
      ),
    ])
    : events;
  const sse = createSseResponse(cut, {
    delayMilliseconds: eventDelayFor(options.scenario),
    signal: options.signal,
    headers: { "content-disposition": "attachment", "x-content-type-options": "nosniff" },
    wire: options.wire,
  });
  return new Response(sse.body!.pipeThrough(crlfLines()), { status: 200, headers: sse.headers });
}

/**
 * The `streamGenerateContent` answer without `alt=sse`: a JSON array that
 * arrives element by element (what the API does when the query is missing).
 */
function jsonArrayStreamAnswer(reply: string, model: string, json: unknown): Response {
  const promptTokens = countTokens(promptText(json));
  const chunks = splitIntoChunks(reply);
  let sent = "";
  const elements = chunks.map((text, index) => {
    sent += text;
    return {
      candidates: [{
        content: { parts: [{ text }], role: "model" },
        ...(index === chunks.length - 1 ? { finishReason: "STOP" } : {}),
        index: 0,
      }],
      usageMetadata: {
        promptTokenCount: promptTokens,
        candidatesTokenCount: countTokens(sent),
        totalTokenCount: promptTokens + countTokens(sent),
      },
      modelVersion: model,
    };
  });
  return jsonResponse(elements);
}

// ---------------------------------------------------------------------------
// The server

const MODEL_METHOD = /^\/v1beta\/(models|tunedModels)\/([^/:]+):([A-Za-z]+)$/;
const MODEL_GET = /^\/v1beta\/models\/([^/:]+)$/;

function modelResource(id: string): Record<string, unknown> {
  const displayName = id.replace(/^gemini-/, "Gemini ").replace(/-/g, " ");
  return {
    name: `models/${id}`,
    version: "001",
    displayName,
    description: `Fake ${displayName}`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [
      "generateContent",
      "countTokens",
      "createCachedContent",
      "batchGenerateContent",
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  };
}

/**
 * Starts the Gemini fake. Point `@ai-sdk/google` at it with
 * `createGoogle({ baseURL: fake.baseURL, apiKey })`.
 *
 * @example
 * ```ts
 * await using fake = await startGeminiFake({ apiKey });
 * const response = await fetch(`${fake.baseURL}/models/gemini-2.5-flash:generateContent`, {
 *   method: "POST",
 *   headers: { "x-goog-api-key": apiKey, "content-type": "application/json" },
 *   body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "Hi" }] }] }),
 * });
 * ```
 */
export async function startGeminiFake(options: GeminiFakeOptions): Promise<GeminiFake> {
  const models = options.models ?? DEFAULT_GEMINI_MODELS;
  const reply = options.reply ?? DEFAULT_REPLY;
  const scenario = options.scenario ?? "ok";

  const handle = (
    request: RecordedRequest,
    serverControl: FakeServerControl,
  ): Promise<Response> | Response => {
    const control = withPrefix(serverControl, "gemini");
    const path = request.url.pathname;
    if (request.url.searchParams.has("key")) {
      control.recordViolation(
        `Gemini API key sent in the URL query ("key=") on "${request.method} ${path}": ` +
          `it must travel in the x-goog-api-key header only`,
      );
    }
    if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);

    const key = request.headers.get("x-goog-api-key");
    if (request.headers.has("authorization")) {
      control.recordViolation(`Unexpected authorization header on "${request.method} ${path}"`);
    }
    if (key === null) {
      control.recordViolation(`No x-goog-api-key header on "${request.method} ${path}"`);
      return geminiKeyMissing();
    }
    if (key !== options.apiKey) {
      control.recordViolation(`Wrong API key in x-goog-api-key on "${request.method} ${path}"`);
      return geminiKeyInvalid();
    }
    if (scenario === "unauthorized") return geminiKeyInvalid();

    if (path === "/v1beta/models") {
      if (request.method !== "GET") return notFound(request, control);
      return jsonResponse({ models: models.map(modelResource) });
    }
    const get = MODEL_GET.exec(path);
    if (get && request.method === "GET") {
      const id = decodeURIComponent(get[1]);
      if (!models.includes(id)) return modelNotFound(id, "get", control);
      return jsonResponse(modelResource(id));
    }
    const match = MODEL_METHOD.exec(path);
    if (!match || request.method !== "POST") return notFound(request, control);
    const id = decodeURIComponent(match[2]);
    const method = match[3];
    if (method !== "generateContent" && method !== "streamGenerateContent") {
      return notFound(request, control);
    }
    if (match[1] === "models" && !models.includes(id)) return modelNotFound(id, method, control);
    if (scenario === "rate-limited") return geminiRateLimited();
    if (scenario === "bad-request") return badRequestScenario();

    const problem = checkGenerateContentRequest(request);
    if (problem) {
      control.recordViolation(`Invalid GenerateContent request body on "${path}"`);
      return problem;
    }
    if (method === "streamGenerateContent" && request.url.searchParams.get("alt") !== "sse") {
      control.recordViolation(
        `streamGenerateContent without "alt=sse": Google answers a JSON array, not server-sent events`,
      );
      return jsonArrayStreamAnswer(reply, id, request.json);
    }
    return generateContentAnswer({
      reply,
      modelVersion: id,
      request,
      stream: method === "streamGenerateContent",
      scenario,
      signal: control.signal,
      cachedTokens: options.cachedTokens,
      streamError: streamErrorFor(scenario, request, control),
      wire: options.wire,
    });
  };

  const server = await startFakeServer(handle);
  return Object.assign(server, { baseURL: `${server.url}/v1beta` });
}

function notFound(request: RecordedRequest, control: FakeServerControl): Response {
  control.recordViolation(`Unknown Gemini API route "${request.method} ${request.url.pathname}"`);
  return googleNotFoundPage(request.url.pathname);
}

function modelNotFound(id: string, method: string, control: FakeServerControl): Response {
  control.recordViolation(`Unknown Gemini model "${id}"`);
  return googleErrorResponse(
    404,
    "NOT_FOUND",
    `models/${id} is not found for API version v1beta, or is not supported for ${method}. ` +
      "Call ListModels to see the list of available models and their supported methods.",
  );
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
