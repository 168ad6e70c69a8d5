/**
 * A local fake of the OpenAI chat completions API and of the servers that
 * speak it with their own accents (Azure OpenAI, Mistral, xAI, Perplexity,
 * OpenRouter, Ollama's `/v1`, any OpenAI-compatible endpoint).
 *
 * It checks each request the way the real server would (path, method, auth
 * header, body), answers what that server answers (its error bodies, its
 * stream chunks, where it puts usage) and records every failed check as a
 * violation.
 *
 * @example
 * ```ts
 * await using fake = await startOpenAIChatFake({ apiKey: "sk-test", flavor: "mistral" });
 * // point the provider at fake.baseURL, run, then: assertEquals(fake.violations, []);
 * ```
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
  splitIntoChunks,
  startFakeServer,
  STREAM_ERROR_MESSAGES,
  streamErrorFor,
  type StreamErrorScenario,
} from "./_fake_server.ts";
import { createSseResponse, type ServerSentEvent } from "./_sse.ts";

/** Which server the fake plays. */
export type OpenAIChatFlavor =
  | "openai"
  | "azure"
  | "mistral"
  | "xai"
  | "perplexity"
  | "openrouter"
  | "ollama"
  | "compatible";

/** Options of {@linkcode startOpenAIChatFake}. */
export interface OpenAIChatFakeOptions extends FakeProviderOptions {
  /** `"openai"` when absent. */
  flavor?: OpenAIChatFlavor;
  /** Azure: the only deployment that exists (any when absent). */
  deployment?: string;
  /** Azure: the `api-version` the client must send on deployment URLs (any when absent). */
  apiVersion?: string;
  /** The model ids `GET …/models` lists; a default per flavor when absent. */
  models?: string[];
}

/** A running chat completions fake. */
export interface OpenAIChatFake extends FakeServer {
  /** The server it plays. */
  readonly flavor: OpenAIChatFlavor;
  /**
   * The base URL to give the provider package (its `baseURL` setting):
   * `…/v1` (openai, xai, mistral, ollama, compatible), `…/api/v1`
   * (openrouter), the origin (perplexity), `…/openai/v1` (azure).
   */
  readonly baseURL: string;
  /** Azure only: the base URL for `useDeploymentBasedUrls: true` (`…/openai`). */
  readonly deploymentBaseURL?: string;
}

/**
 * Starts a chat completions fake on 127.0.0.1.
 *
 * Routes and auth per flavor:
 * - openai, xai, mistral: `POST /v1/chat/completions`, `GET /v1/models`, `authorization: Bearer <key>`;
 * - perplexity: `POST /chat/completions`, `GET /models`, bearer;
 * - openrouter: `POST /api/v1/chat/completions`, bearer; `GET /api/v1/models` is public;
 * - ollama: `POST /v1/chat/completions`, `GET /v1/models`, `GET /api/tags`, no auth;
 * - compatible: `POST /v1/chat/completions`, `GET /v1/models`, bearer unless `apiKey` is "";
 * - azure: `POST /openai/v1/chat/completions` (`api-version` optional: `v1`, `preview`
 *   or `options.apiVersion`) and `POST /openai/deployments/{deployment}/chat/completions?api-version=…`
 *   (required), `GET /openai/v1/models`; header `api-key: <key>`.
 */
export async function startOpenAIChatFake(options: OpenAIChatFakeOptions): Promise<OpenAIChatFake> {
  const flavor = options.flavor ?? "openai";
  const profile = PROFILES[flavor];
  const server = await startFakeServer((request, control) =>
    handleRequest(request, control, options, profile)
  );
  return Object.assign(server, {
    flavor,
    baseURL: `${server.url}${profile.baseSuffix}`,
    deploymentBaseURL: flavor === "azure" ? `${server.url}/openai` : undefined,
  });
}

// ---------------------------------------------------------------------------
// Flavor profiles

interface FlavorProfile {
  flavor: OpenAIChatFlavor;
  /** Appended to the origin to give the SDK's base URL. */
  baseSuffix: string;
  /** Roles the server accepts in `messages`. */
  roles: readonly string[];
  maximumTemperature: number;
  /** Top-level body fields the server accepts; any when absent. */
  knownFields?: ReadonlySet<string>;
  /** Roles must alternate user/assistant after the system messages. */
  alternatingRoles: boolean;
  defaultModels: readonly string[];
}

const OPENAI_ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;

const MISTRAL_FIELDS = new Set([
  "model",
  "messages",
  "temperature",
  "top_p",
  "max_tokens",
  "stream",
  "stop",
  "random_seed",
  "response_format",
  "tools",
  "tool_choice",
  "presence_penalty",
  "frequency_penalty",
  "n",
  "prediction",
  "parallel_tool_calls",
  "safe_prompt",
  "prompt_mode",
  "reasoning_effort",
  "document_image_limit",
  "document_page_limit",
  "prompt_cache_key",
  "metadata",
  "guardrails",
]);

const PROFILES: Record<OpenAIChatFlavor, FlavorProfile> = {
  openai: profile("openai", "/v1", OPENAI_ROLES, 2, ["gpt-4o-mini", "gpt-4.1-nano"]),
  azure: profile("azure", "/openai/v1", OPENAI_ROLES, 2, ["gpt-4o-mini"]),
  mistral: {
    ...profile("mistral", "/v1", ["system", "user", "assistant", "tool"], 1.5, [
      "mistral-small-latest",
      "mistral-large-latest",
    ]),
    knownFields: MISTRAL_FIELDS,
  },
  xai: profile("xai", "/v1", OPENAI_ROLES, 2, ["grok-3-mini", "grok-4"]),
  perplexity: {
    ...profile("perplexity", "", ["system", "user", "assistant"], 2, ["sonar", "sonar-pro"]),
    alternatingRoles: true,
  },
  openrouter: profile("openrouter", "/api/v1", OPENAI_ROLES, 2, [
    "openai/gpt-4o-mini",
    "anthropic/claude-sonnet-4.5",
  ]),
  ollama: profile("ollama", "/v1", OPENAI_ROLES, 2, ["llama3.2:latest"]),
  compatible: profile("compatible", "/v1", OPENAI_ROLES, 2, ["local-model"]),
};

function profile(
  flavor: OpenAIChatFlavor,
  baseSuffix: string,
  roles: readonly string[],
  maximumTemperature: number,
  defaultModels: readonly string[],
): FlavorProfile {
  return { flavor, baseSuffix, roles, maximumTemperature, alternatingRoles: false, defaultModels };
}

// ---------------------------------------------------------------------------
// Routing

type Route =
  | { kind: "chat"; deployment?: string }
  | { kind: "models"; legacy?: boolean }
  | { kind: "ollama-tags" }
  | { kind: "unknown" };

function routeOf(flavor: OpenAIChatFlavor, pathname: string): Route {
  if (flavor === "azure") {
    if (pathname === "/openai/v1/chat/completions") return { kind: "chat" };
    const deployment = pathname.match(/^\/openai\/deployments\/([^/]+)\/chat\/completions$/);
    if (deployment) return { kind: "chat", deployment: decodeURIComponent(deployment[1]) };
    if (pathname === "/openai/v1/models") return { kind: "models" };
    if (pathname === "/openai/models") return { kind: "models", legacy: true };
    return { kind: "unknown" };
  }
  const prefix = PROFILES[flavor].baseSuffix;
  if (pathname === `${prefix}/chat/completions`) return { kind: "chat" };
  if (pathname === `${prefix}/models`) return { kind: "models" };
  if (flavor === "ollama" && pathname === "/api/tags") return { kind: "ollama-tags" };
  return { kind: "unknown" };
}

// ---------------------------------------------------------------------------
// Request handling

function handleRequest(
  request: RecordedRequest,
  control: FakeServerControl,
  options: OpenAIChatFakeOptions,
  profile: FlavorProfile,
): Response {
  const flavor = profile.flavor;
  const scenario = options.scenario ?? "ok";
  const route = routeOf(flavor, request.url.pathname);
  const describe = `${request.method} ${request.url.pathname}`;

  if (route.kind === "unknown") {
    const hint = request.url.pathname.endsWith("/responses")
      ? " (the Responses API is not faked: use the package's chat model, e.g. `.chat(id)`)"
      : flavor === "azure" && request.url.pathname.startsWith("/openai/chat/")
      ? ' (with a non-Azure host @ai-sdk/azure drops "/v1": give it a base URL ending in "/openai/v1")'
      : "";
    control.recordViolation(`${flavor}: no such route "${describe}"${hint}`);
    return notFound(flavor, request);
  }
  const expectedMethod = route.kind === "chat" ? "POST" : "GET";
  if (request.method !== expectedMethod) {
    control.recordViolation(`${flavor}: "${describe}" must be ${expectedMethod}`);
    return methodNotAllowed(flavor, request);
  }

  if (!(flavor === "openrouter" && route.kind === "models")) {
    const authProblem = checkAuth(request, options, flavor);
    if (authProblem) {
      control.recordViolation(`${flavor}: ${authProblem.violation}`);
      return unauthorized(flavor, authProblem.missing, authProblem.sentKey);
    }
  }

  if (flavor === "azure") {
    const azureProblem = checkAzureUrl(request, route, options);
    if (azureProblem) {
      control.recordViolation(`azure: ${azureProblem.violation}`);
      return azureProblem.response;
    }
  }

  if (scenario === "unauthorized") {
    return unauthorized(flavor, false, presentedKey(request, flavor));
  }
  if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);

  if (route.kind === "models") return modelsResponse(flavor, options);
  if (route.kind === "ollama-tags") return ollamaTagsResponse(options);

  const problems = checkChatRequest(request, profile, route.deployment !== undefined);
  for (const problem of problems) control.recordViolation(`${flavor}: ${problem.message}`);
  if (problems.length > 0) return invalidRequest(flavor, problems[0]);

  const body = request.json as Record<string, unknown>;
  if (flavor === "azure" && route.deployment === undefined && options.deployment !== undefined) {
    const deployment = String(body.model);
    if (deployment !== options.deployment) {
      control.recordViolation(
        `azure: unknown deployment "${deployment}" (expected "${options.deployment}")`,
      );
      return azureError(404, "DeploymentNotFound", AZURE_DEPLOYMENT_NOT_FOUND);
    }
  }

  if (scenario === "bad-request") return scenarioBadRequest(profile);
  if (scenario === "rate-limited") return rateLimited(flavor, String(body.model ?? ""));

  const reply = options.reply ?? DEFAULT_REPLY;
  const completion: Completion = {
    flavor,
    id: completionId(flavor),
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === "string" ? body.model : route.deployment ?? "",
    reply,
    chunks: splitIntoChunks(reply),
    promptTokens: countPromptTokens(body.messages),
    completionTokens: splitIntoChunks(reply).length,
  };
  if (body.stream === true) {
    const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
    const normal = streamEvents(completion, streamOptions.include_usage === true);
    const streamError = streamErrorFor(scenario, request, control);
    const events = streamError
      ? cutStream(normal, carriesText, streamError, streamErrorEvents(completion, streamError))
      : normal;
    return createSseResponse(events, {
      delayMilliseconds: eventDelayFor(scenario),
      signal: control.signal,
      headers: successHeaders(flavor),
      wire: options.wire,
    });
  }
  return jsonResponse(completionBody(completion), 200, successHeaders(flavor));
}

// ---------------------------------------------------------------------------
// Auth

interface AuthProblem {
  violation: string;
  missing: boolean;
  sentKey: string;
}

function checkAuth(
  request: RecordedRequest,
  options: OpenAIChatFakeOptions,
  flavor: OpenAIChatFlavor,
): AuthProblem | undefined {
  if (flavor === "ollama") return undefined;
  if (flavor === "compatible" && options.apiKey === "") return undefined;
  if (flavor === "azure") {
    const key = request.headers.get("api-key");
    if (key === null) {
      const bearer = request.headers.has("authorization")
        ? ' (an "authorization" header is not read)'
        : "";
      return { violation: `missing "api-key" header${bearer}`, missing: true, sentKey: "" };
    }
    if (key !== options.apiKey) {
      return { violation: 'wrong key in "api-key"', missing: false, sentKey: key };
    }
    return undefined;
  }
  const authorization = request.headers.get("authorization");
  if (authorization === null) {
    return {
      violation: 'missing "authorization: Bearer <key>" header',
      missing: true,
      sentKey: "",
    };
  }
  const match = authorization.match(/^Bearer (.*)$/i);
  if (!match) {
    return {
      violation: '"authorization" is not a Bearer credential',
      missing: false,
      sentKey: authorization,
    };
  }
  if (match[1] !== options.apiKey) {
    return { violation: "wrong key in the bearer credential", missing: false, sentKey: match[1] };
  }
  return undefined;
}

function presentedKey(request: RecordedRequest, flavor: OpenAIChatFlavor): string {
  if (flavor === "azure") return request.headers.get("api-key") ?? "";
  return request.headers.get("authorization")?.replace(/^Bearer /i, "") ?? "";
}

/** OpenAI's own masking of a wrong key in its 401 message: short keys come back whole. */
function maskLikeOpenAI(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}

/** xAI's masking: two characters each side. */
function maskLikeXai(key: string): string {
  return `${key.slice(0, 2)}***${key.slice(-2)}`;
}

// ---------------------------------------------------------------------------
// Azure URL checks

const AZURE_V1_API_VERSIONS = new Set(["v1", "preview", "latest"]);
const AZURE_UNAUTHORIZED =
  "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";
const AZURE_DEPLOYMENT_NOT_FOUND =
  "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

function checkAzureUrl(
  request: RecordedRequest,
  route: Route,
  options: OpenAIChatFakeOptions,
): { violation: string; response: Response } | undefined {
  const apiVersion = request.url.searchParams.get("api-version");
  const onDeploymentUrl = (route.kind === "chat" && route.deployment !== undefined) ||
    (route.kind === "models" && route.legacy === true);
  if (onDeploymentUrl) {
    if (apiVersion === null || apiVersion === "") {
      return {
        violation: `"${request.url.pathname}" needs an "api-version" query parameter`,
        response: azureError(404, "404", "Resource not found"),
      };
    }
    if (options.apiVersion !== undefined && apiVersion !== options.apiVersion) {
      return {
        violation: `api-version "${apiVersion}" (expected "${options.apiVersion}")`,
        response: azureError(400, "BadRequest", "API version not supported"),
      };
    }
  } else if (
    apiVersion !== null && !AZURE_V1_API_VERSIONS.has(apiVersion) &&
    apiVersion !== options.apiVersion
  ) {
    return {
      violation: `api-version "${apiVersion}" on the v1 API (only "v1", "preview" or none)`,
      response: azureError(400, "BadRequest", "API version not supported"),
    };
  }
  if (route.kind === "chat" && route.deployment !== undefined && options.deployment !== undefined) {
    if (route.deployment !== options.deployment) {
      return {
        violation: `unknown deployment "${route.deployment}" (expected "${options.deployment}")`,
        response: azureError(404, "DeploymentNotFound", AZURE_DEPLOYMENT_NOT_FOUND),
      };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Body checks

type Path = (string | number)[];

/** One failed check, with what each server family says about it. */
interface Problem {
  /** OpenAI's wording. */
  message: string;
  /** OpenAI's `param` ("messages[0].role"). */
  param: string | null;
  /** OpenAI's `code`. */
  code: string | null;
  /** Pydantic's wording for Mistral's 422 (`detail[]`). */
  detail: { type: string; location: Path; message: string; input: unknown };
}

function paramOf(path: Path): string {
  return path.map((part, index) =>
    typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`
  ).join("");
}

function missing(path: Path): Problem {
  return {
    message: `Missing required parameter: '${paramOf(path)}'.`,
    param: paramOf(path),
    code: "missing_required_parameter",
    detail: { type: "missing", location: path, message: "Field required", input: null },
  };
}

const PYDANTIC_TYPES: Record<string, [string, string]> = {
  string: ["string_type", "Input should be a valid string"],
  decimal: ["float_type", "Input should be a valid number"],
  integer: ["int_type", "Input should be a valid integer"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  array: ["list_type", "Input should be a valid list"],
  object: ["dict_type", "Input should be a valid dictionary"],
};

function wrongType(path: Path, expected: keyof typeof PYDANTIC_TYPES, value: unknown): Problem {
  const [type, message] = PYDANTIC_TYPES[expected];
  return {
    message: `Invalid type for '${paramOf(path)}': expected ${
      article(expected)
    } ${expected}, but got ${article(jsonTypeName(value))} ${jsonTypeName(value)} instead.`,
    param: paramOf(path),
    code: "invalid_type",
    detail: { type, location: path, message, input: value },
  };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function outOfRange(
  path: Path,
  value: number,
  bound: number,
  side: "above" | "below",
  integer: boolean,
): Problem {
  const kind = integer ? "integer" : "decimal";
  const limit = side === "above" ? "maximum" : "minimum";
  const comparison = side === "above" ? "<=" : ">=";
  return {
    message: `Invalid '${
      paramOf(path)
    }': ${kind} ${side} ${limit} value. Expected a value ${comparison} ${bound}, but got ${value} instead.`,
    param: paramOf(path),
    code: `${kind}_${side}_${side === "above" ? "max" : "min"}_value`,
    detail: {
      type: side === "above" ? "less_than_equal" : "greater_than_equal",
      location: path,
      message: `Input should be ${side === "above" ? "less" : "greater"} than or equal to ${bound}`,
      input: value,
    },
  };
}

function invalidValue(path: Path, value: unknown, allowed: readonly string[]): Problem {
  const quoted = allowed.map((name) => `'${name}'`);
  const list = quoted.length > 1
    ? `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`
    : quoted.join("");
  return {
    message: `Invalid value: '${String(value)}'. Supported values are: ${list}.`,
    param: paramOf(path),
    code: "invalid_value",
    detail: {
      type: "literal_error",
      location: path,
      message: `Input should be ${quoted.join(" or ")}`,
      input: value,
    },
  };
}

function emptyArray(path: Path): Problem {
  return {
    message: `Invalid '${
      paramOf(path)
    }': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    param: paramOf(path),
    code: "empty_array",
    detail: {
      type: "too_short",
      location: path,
      message: "List should have at least 1 item after validation, not 0",
      input: [],
    },
  };
}

function custom(path: Path, message: string, value: unknown): Problem {
  return {
    message,
    param: path.length > 0 ? paramOf(path) : null,
    code: null,
    detail: { type: "value_error", location: path, message, input: value },
  };
}

/** Checks a chat request the way the flavor's server does; every problem found, in order. */
function checkChatRequest(
  request: RecordedRequest,
  profile: FlavorProfile,
  onDeploymentUrl: boolean,
): Problem[] {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return [
      custom(
        [],
        `Invalid "content-type" "${contentType}": expected "application/json".`,
        contentType,
      ),
    ];
  }
  if (request.json === undefined) {
    return [
      {
        ...custom(
          [],
          "We could not parse the JSON body of your request. The API expects a JSON payload.",
          null,
        ),
        detail: { type: "json_invalid", location: [], message: "JSON decode error", input: {} },
      },
    ];
  }
  const body = request.json;
  if (!isRecord(body)) return [wrongType([], "object", body)];
  const problems: Problem[] = [];

  if (profile.knownFields) {
    for (const field of Object.keys(body)) {
      if (!profile.knownFields.has(field)) {
        problems.push({
          message: `Unrecognized request argument supplied: ${field}`,
          param: field,
          code: null,
          detail: {
            type: "extra_forbidden",
            location: [field],
            message: "Extra inputs are not permitted",
            input: body[field],
          },
        });
      }
    }
  }

  if (body.model === undefined || body.model === "") {
    if (!onDeploymentUrl) {
      problems.push({
        ...missing(["model"]),
        message: "you must provide a model parameter",
        param: null,
        code: null,
      });
    }
  } else if (typeof body.model !== "string") {
    problems.push(wrongType(["model"], "string", body.model));
  }

  problems.push(...checkMessages(body.messages, profile));
  checkNumber(problems, body, "temperature", 0, profile.maximumTemperature, false);
  checkNumber(problems, body, "top_p", 0, 1, false);
  checkNumber(problems, body, "max_tokens", 1, undefined, true);
  checkNumber(problems, body, "max_completion_tokens", 1, undefined, true);

  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    problems.push(wrongType(["stream"], "boolean", body.stream));
  }
  if (body.stream_options !== undefined && body.stream_options !== null) {
    if (body.stream !== true) {
      problems.push(
        custom(
          ["stream_options"],
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          body.stream_options,
        ),
      );
    } else if (!isRecord(body.stream_options)) {
      problems.push(wrongType(["stream_options"], "object", body.stream_options));
    } else if (
      body.stream_options.include_usage !== undefined &&
      typeof body.stream_options.include_usage !== "boolean"
    ) {
      problems.push(
        wrongType(
          ["stream_options", "include_usage"],
          "boolean",
          body.stream_options.include_usage,
        ),
      );
    }
  }
  if (body.response_format !== undefined && body.response_format !== null) {
    problems.push(...checkResponseFormat(body.response_format));
  }
  return problems;
}

function checkNumber(
  problems: Problem[],
  body: Record<string, unknown>,
  field: string,
  minimum: number,
  maximum: number | undefined,
  integer: boolean,
): void {
  const value = body[field];
  if (value === undefined || value === null) return;
  if (typeof value !== "number" || (integer && !Number.isInteger(value))) {
    problems.push(wrongType([field], integer ? "integer" : "decimal", value));
  } else if (value < minimum) {
    problems.push(outOfRange([field], value, minimum, "below", integer));
  } else if (maximum !== undefined && value > maximum) {
    problems.push(outOfRange([field], value, maximum, "above", integer));
  }
}

function checkMessages(messages: unknown, profile: FlavorProfile): Problem[] {
  if (messages === undefined) return [missing(["messages"])];
  if (!Array.isArray(messages)) return [wrongType(["messages"], "array", messages)];
  if (messages.length === 0) return [emptyArray(["messages"])];
  const problems: Problem[] = [];
  messages.forEach((message, index) => {
    const path: Path = ["messages", index];
    if (!isRecord(message)) {
      problems.push(wrongType(path, "object", message));
      return;
    }
    if (message.role === undefined) {
      problems.push(missing([...path, "role"]));
      return;
    }
    if (typeof message.role !== "string" || !profile.roles.includes(message.role)) {
      problems.push(invalidValue([...path, "role"], message.role, profile.roles));
      return;
    }
    const hasToolCalls = Array.isArray(message.tool_calls) || isRecord(message.function_call);
    const contentOptional = message.role === "assistant" && hasToolCalls;
    problems.push(...checkContent(message.content, [...path, "content"], contentOptional));
    if (message.role === "tool" && typeof message.tool_call_id !== "string") {
      problems.push(missing([...path, "tool_call_id"]));
    }
  });
  if (profile.alternatingRoles && problems.length === 0) {
    const roles = messages.map((message) => String((message as Record<string, unknown>).role));
    const conversation = roles.slice(roles.findIndex((role) => role !== "system"));
    const alternates = conversation.every((role, index) =>
      role === (index % 2 === 0 ? "user" : "assistant")
    );
    if (!alternates) {
      problems.push(
        custom(
          ["messages"],
          "After the (optional) system message(s), user and assistant roles should be alternating.",
          roles,
        ),
      );
    }
  }
  return problems;
}

function checkContent(content: unknown, path: Path, optional: boolean): Problem[] {
  if (content === undefined || content === null) return optional ? [] : [missing(path)];
  if (typeof content === "string") return [];
  if (!Array.isArray(content)) return [wrongType(path, "string", content)];
  if (content.length === 0 && !optional) return [emptyArray(path)];
  const problems: Problem[] = [];
  content.forEach((part, index) => {
    if (!isRecord(part)) {
      problems.push(wrongType([...path, index], "object", part));
    } else if (typeof part.type !== "string") {
      problems.push(missing([...path, index, "type"]));
    } else if (part.type === "text" && typeof part.text !== "string") {
      problems.push(missing([...path, index, "text"]));
    }
  });
  return problems;
}

function checkResponseFormat(format: unknown): Problem[] {
  const path: Path = ["response_format"];
  if (!isRecord(format)) return [wrongType(path, "object", format)];
  const types = ["text", "json_object", "json_schema"];
  if (typeof format.type !== "string" || !types.includes(format.type)) {
    return [invalidValue([...path, "type"], format.type, types)];
  }
  if (format.type !== "json_schema") return [];
  const schema = format.json_schema;
  if (schema === undefined) return [missing([...path, "json_schema"])];
  if (!isRecord(schema)) return [wrongType([...path, "json_schema"], "object", schema)];
  if (schema.name === undefined) return [missing([...path, "json_schema", "name"])];
  if (typeof schema.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(schema.name)) {
    return [
      custom(
        [...path, "json_schema", "name"],
        `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        schema.name,
      ),
    ];
  }
  if (schema.schema !== undefined && !isRecord(schema.schema)) {
    return [wrongType([...path, "json_schema", "schema"], "object", schema.schema)];
  }
  return [];
}

function countPromptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 1;
  const texts = messages.flatMap((message) => {
    if (!isRecord(message)) return [];
    if (typeof message.content === "string") return [message.content];
    if (Array.isArray(message.content)) {
      return message.content.flatMap((part) =>
        isRecord(part) && typeof part.text === "string" ? [part.text] : []
      );
    }
    return [];
  });
  return countTokens(texts.join(" "));
}

// ---------------------------------------------------------------------------
// Error answers, in each server's own shape

function openAIError(
  status: number,
  message: string,
  type: string,
  param: string | null,
  code: string | null,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ error: { message, type, param, code } }, status, headers);
}

function azureError(
  status: number,
  code: string,
  message: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ error: { code, message } }, status, headers);
}

function mistralError(
  status: number,
  message: unknown,
  type: string,
  code: string | null,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ object: "error", message, type, param: null, code }, status, headers);
}

function xaiError(
  status: number,
  code: string,
  error: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ code, error }, status, headers);
}

function perplexityError(
  status: number,
  message: string,
  type: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ error: { message, type, code: status } }, status, headers);
}

function openRouterError(status: number, message: string, headers: HeadersInit = {}): Response {
  return jsonResponse({ error: { message, code: status } }, status, headers);
}

/** A wrong or missing key. xAI answers 400, not 401, for a wrong key. */
function unauthorized(flavor: OpenAIChatFlavor, keyMissing: boolean, sentKey: string): Response {
  switch (flavor) {
    case "openai":
      return keyMissing
        ? openAIError(
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          "invalid_request_error",
          null,
          null,
        )
        : openAIError(
          401,
          `Incorrect API key provided: ${
            maskLikeOpenAI(sentKey)
          }. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          null,
          "invalid_api_key",
        );
    case "azure":
      return azureError(401, "401", AZURE_UNAUTHORIZED);
    case "mistral":
      return jsonResponse({ detail: "Unauthorized" }, 401);
    case "xai":
      return keyMissing
        ? xaiError(
          400,
          "Client specified an invalid argument",
          "No API key provided. You can obtain an API key from https://console.x.ai.",
        )
        : xaiError(
          400,
          "Client specified an invalid argument",
          `Incorrect API key provided: ${
            maskLikeXai(sentKey)
          }. You can obtain an API key from https://console.x.ai.`,
        );
    case "perplexity":
      return perplexityError(
        401,
        "Invalid API key provided. You can find your API key at https://www.perplexity.ai/settings/api.",
        "invalid_api_key",
      );
    case "openrouter":
      return openRouterError(401, keyMissing ? "No auth credentials found" : "User not found.");
    case "ollama":
    case "compatible":
      return openAIError(
        401,
        "Invalid API key provided.",
        "invalid_request_error",
        null,
        "invalid_api_key",
      );
  }
}

/** The first failed body check, as the server reports it (Mistral: 422 with pydantic details). */
function invalidRequest(flavor: OpenAIChatFlavor, problem: Problem): Response {
  switch (flavor) {
    case "mistral":
      return mistralError(
        422,
        {
          detail: [{
            type: problem.detail.type,
            loc: ["body", ...problem.detail.location],
            msg: problem.detail.message,
            input: problem.detail.input,
          }],
        },
        "invalid_request_message_error",
        null,
      );
    case "xai":
      return xaiError(400, "Client specified an invalid argument", problem.message);
    case "perplexity":
      return perplexityError(400, problem.message, "bad_request");
    case "openrouter":
      return openRouterError(400, problem.message);
    default:
      return openAIError(
        400,
        problem.message,
        "invalid_request_error",
        problem.param,
        problem.code,
      );
  }
}

function scenarioBadRequest(profile: FlavorProfile): Response {
  const message =
    `${BAD_REQUEST_TEXT}: expected a number between 0 and ${profile.maximumTemperature}.`;
  switch (profile.flavor) {
    case "mistral":
      return mistralError(400, message, "invalid_request_error", null);
    case "xai":
      return xaiError(400, "Client specified an invalid argument", message);
    case "perplexity":
      return perplexityError(400, message, "bad_request");
    case "openrouter":
      return openRouterError(400, message);
    default:
      return openAIError(400, message, "invalid_request_error", "temperature", "invalid_value");
  }
}

function rateLimited(flavor: OpenAIChatFlavor, model: string): Response {
  const headers = { "retry-after": "1" };
  switch (flavor) {
    case "openai":
      return openAIError(
        429,
        `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        "requests",
        null,
        "rate_limit_exceeded",
        {
          ...headers,
          "x-ratelimit-limit-requests": "3",
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "1s",
        },
      );
    case "azure":
      return azureError(
        429,
        "429",
        "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version v1 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.",
        headers,
      );
    case "mistral":
      return mistralError(429, "Requests rate limit exceeded", "rate_limited", "1300", headers);
    case "xai":
      return xaiError(
        429,
        "Some resource has been exhausted",
        "Too many requests: rate limit exceeded.",
        headers,
      );
    case "perplexity":
      return perplexityError(
        429,
        "Rate limit exceeded. Please try again later.",
        "rate_limit_exceeded",
        headers,
      );
    case "openrouter":
      return openRouterError(
        429,
        `Rate limit exceeded: ${model} is temporarily rate-limited upstream.`,
        headers,
      );
    case "ollama":
    case "compatible":
      return openAIError(
        429,
        "Rate limit exceeded.",
        "rate_limit_error",
        null,
        "rate_limit_exceeded",
        headers,
      );
  }
}

function notFound(flavor: OpenAIChatFlavor, request: RecordedRequest): Response {
  const invalidUrl = `Invalid URL (${request.method} ${request.url.pathname})`;
  switch (flavor) {
    case "azure":
      return azureError(404, "404", "Resource not found");
    case "mistral":
      return jsonResponse({ detail: "Not Found" }, 404);
    case "xai":
      return xaiError(404, "Some requested entity was not found", invalidUrl);
    case "perplexity":
      return perplexityError(404, "Not Found", "not_found");
    case "openrouter":
      return openRouterError(404, "Not Found");
    case "ollama":
      return new Response("404 page not found", {
        status: 404,
        headers: { "content-type": "text/plain" },
      });
    default:
      return openAIError(404, invalidUrl, "invalid_request_error", null, null);
  }
}

function methodNotAllowed(flavor: OpenAIChatFlavor, request: RecordedRequest): Response {
  switch (flavor) {
    case "mistral":
      return jsonResponse({ detail: "Method Not Allowed" }, 405);
    case "ollama":
      return new Response("405 method not allowed", {
        status: 405,
        headers: { "content-type": "text/plain" },
      });
    default:
      return notFound(flavor, request);
  }
}

// ---------------------------------------------------------------------------
// Successful answers

interface Completion {
  flavor: OpenAIChatFlavor;
  id: string;
  created: number;
  model: string;
  reply: string;
  chunks: string[];
  promptTokens: number;
  completionTokens: number;
}

function completionId(flavor: OpenAIChatFlavor): string {
  switch (flavor) {
    case "mistral":
      return Array.from(
        crypto.getRandomValues(new Uint8Array(16)),
        (byte) => byte.toString(16).padStart(2, "0"),
      )
        .join("");
    case "xai":
    case "perplexity":
      return crypto.randomUUID();
    case "openrouter":
      return `gen-${Math.floor(Date.now() / 1000)}-${randomIdentifier(20)}`;
    case "ollama":
      return `chatcmpl-${100 + Math.floor(Math.random() * 900)}`;
    default:
      return `chatcmpl-${randomIdentifier(29)}`;
  }
}

function successHeaders(flavor: OpenAIChatFlavor): HeadersInit {
  switch (flavor) {
    case "openai":
      return { "x-request-id": `req_${randomIdentifier(32)}`, "openai-processing-ms": "42" };
    case "azure":
      return { "x-request-id": crypto.randomUUID(), "apim-request-id": crypto.randomUUID() };
    default:
      return {};
  }
}

const AZURE_SAFE = { filtered: false, severity: "safe" };
const AZURE_PROMPT_FILTERS = {
  hate: AZURE_SAFE,
  jailbreak: { filtered: false, detected: false },
  self_harm: AZURE_SAFE,
  sexual: AZURE_SAFE,
  violence: AZURE_SAFE,
};
const AZURE_COMPLETION_FILTERS = {
  hate: AZURE_SAFE,
  self_harm: AZURE_SAFE,
  sexual: AZURE_SAFE,
  violence: AZURE_SAFE,
};

function openAIUsage(completion: Completion) {
  return {
    prompt_tokens: completion.promptTokens,
    completion_tokens: completion.completionTokens,
    total_tokens: completion.promptTokens + completion.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function plainUsage(completion: Completion) {
  return {
    prompt_tokens: completion.promptTokens,
    completion_tokens: completion.completionTokens,
    total_tokens: completion.promptTokens + completion.completionTokens,
  };
}

function xaiUsage(completion: Completion) {
  return {
    ...plainUsage(completion),
    prompt_tokens_details: {
      text_tokens: completion.promptTokens,
      audio_tokens: 0,
      image_tokens: 0,
      cached_tokens: 0,
    },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    num_sources_used: 0,
  };
}

function openRouterUsage(completion: Completion) {
  return {
    ...plainUsage(completion),
    cost: 0.0000125,
    is_byok: false,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** A complete (non-streaming) chat.completion body in the flavor's shape. */
function completionBody(completion: Completion): Record<string, unknown> {
  const { flavor, id, created, model, reply } = completion;
  switch (flavor) {
    case "openai":
    case "compatible":
    case "azure": {
      const body: Record<string, unknown> = {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: reply, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: "stop",
          ...(flavor === "azure" ? { content_filter_results: AZURE_COMPLETION_FILTERS } : {}),
        }],
        usage: openAIUsage(completion),
        system_fingerprint: "fp_fake0000",
      };
      if (flavor === "openai") body.service_tier = "default";
      if (flavor === "azure") {
        body.prompt_filter_results = [{
          prompt_index: 0,
          content_filter_results: AZURE_PROMPT_FILTERS,
        }];
      }
      return body;
    }
    case "mistral":
      return {
        id,
        created,
        model,
        usage: plainUsage(completion),
        object: "chat.completion",
        choices: [{
          index: 0,
          finish_reason: "stop",
          message: { role: "assistant", tool_calls: null, content: reply },
        }],
      };
    case "xai":
      return {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{
          index: 0,
          message: { role: "assistant", content: reply, refusal: null },
          finish_reason: "stop",
        }],
        usage: xaiUsage(completion),
        system_fingerprint: "fp_fake0000",
      };
    case "perplexity":
      return {
        id,
        model,
        created,
        usage: { ...plainUsage(completion), search_context_size: "low" },
        citations: [],
        search_results: [],
        object: "chat.completion",
        choices: [{
          index: 0,
          message: { role: "assistant", content: reply },
          finish_reason: "stop",
        }],
      };
    case "openrouter":
      return {
        id,
        provider: "OpenAI",
        model,
        object: "chat.completion",
        created,
        choices: [{
          logprobs: null,
          finish_reason: "stop",
          native_finish_reason: "stop",
          index: 0,
          message: { role: "assistant", content: reply, refusal: null, reasoning: null },
        }],
        usage: openRouterUsage(completion),
      };
    case "ollama":
      return {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: "fp_ollama",
        choices: [{
          index: 0,
          message: { role: "assistant", content: reply },
          finish_reason: "stop",
        }],
        usage: plainUsage(completion),
      };
  }
}

/** The stream events in the flavor's shape: chunks, usage where the server puts it, then `[DONE]`. */
function streamEvents(completion: Completion, includeUsage: boolean): ServerSentEvent[] {
  const { flavor, id, created, model, chunks } = completion;
  const data = (payload: unknown): ServerSentEvent => ({ data: JSON.stringify(payload) });
  const done: ServerSentEvent = { data: "[DONE]" };

  switch (flavor) {
    case "openai":
    case "compatible":
    case "azure": {
      const base = flavor === "openai"
        ? {
          id,
          object: "chat.completion.chunk",
          created,
          model,
          service_tier: "default",
          system_fingerprint: "fp_fake0000",
        }
        : {
          id,
          object: "chat.completion.chunk",
          created,
          model,
          system_fingerprint: "fp_fake0000",
        };
      const extra = () => ({
        ...(includeUsage ? { usage: null } : {}),
        ...(flavor === "openai" ? { obfuscation: randomIdentifier(6) } : {}),
      });
      const choice = (delta: unknown, finishReason: string | null, filters?: unknown) => ({
        index: 0,
        delta,
        logprobs: null,
        finish_reason: finishReason,
        ...(flavor === "azure" ? { content_filter_results: filters ?? {} } : {}),
      });
      const events: ServerSentEvent[] = [];
      if (flavor === "azure") {
        events.push(data({
          choices: [],
          created: 0,
          id: "",
          model: "",
          object: "",
          prompt_filter_results: [{
            prompt_index: 0,
            content_filter_results: AZURE_PROMPT_FILTERS,
          }],
        }));
      }
      events.push(
        data({
          ...base,
          choices: [choice({ role: "assistant", content: "", refusal: null }, null)],
          ...extra(),
        }),
      );
      for (const chunk of chunks) {
        events.push(
          data({
            ...base,
            choices: [choice({ content: chunk }, null, AZURE_COMPLETION_FILTERS)],
            ...extra(),
          }),
        );
      }
      events.push(data({ ...base, choices: [choice({}, "stop")], ...extra() }));
      if (includeUsage) {
        const usageChunk: Record<string, unknown> = {
          ...base,
          choices: [],
          usage: openAIUsage(completion),
        };
        if (flavor === "openai") usageChunk.obfuscation = randomIdentifier(6);
        events.push(data(usageChunk));
      }
      events.push(done);
      return events;
    }
    case "mistral": {
      const base = { id, object: "chat.completion.chunk", created, model };
      const choice = (delta: unknown, finishReason: string | null) => ({
        index: 0,
        delta,
        finish_reason: finishReason,
        logprobs: null,
      });
      return [
        data({ ...base, choices: [choice({ role: "assistant", content: "" }, null)] }),
        ...chunks.map((chunk) => data({ ...base, choices: [choice({ content: chunk }, null)] })),
        data({
          ...base,
          choices: [choice({ content: "" }, "stop")],
          usage: plainUsage(completion),
        }),
        done,
      ];
    }
    case "xai": {
      const base = { id, object: "chat.completion.chunk", created, model };
      const fingerprint = { system_fingerprint: "fp_fake0000" };
      const events = chunks.map((chunk, index) =>
        data({
          ...base,
          choices: [{
            index: 0,
            delta: index === 0 ? { content: chunk, role: "assistant" } : { content: chunk },
          }],
          ...fingerprint,
        })
      );
      events.push(
        data({
          ...base,
          choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
          ...fingerprint,
        }),
      );
      if (includeUsage) {
        events.push(data({ ...base, choices: [], usage: xaiUsage(completion), ...fingerprint }));
      }
      events.push(done);
      return events;
    }
    case "perplexity": {
      let sent = 0;
      const events = chunks.map((chunk) => {
        sent += 1;
        return data({
          id,
          model,
          created,
          usage: {
            prompt_tokens: completion.promptTokens,
            completion_tokens: sent,
            total_tokens: completion.promptTokens + sent,
          },
          citations: [],
          search_results: [],
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: { role: "assistant", content: chunk } }],
        });
      });
      events.push(data({
        id,
        model,
        created,
        usage: { ...plainUsage(completion), search_context_size: "low" },
        citations: [],
        search_results: [],
        object: "chat.completion.done",
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: "stop" }],
      }));
      return events;
    }
    case "openrouter": {
      const base = { id, provider: "OpenAI", model, object: "chat.completion.chunk", created };
      const choice = (content: string, finishReason: string | null) => ({
        index: 0,
        delta: { role: "assistant", content },
        finish_reason: finishReason,
        native_finish_reason: finishReason,
        logprobs: null,
      });
      return [
        { comment: "OPENROUTER PROCESSING" },
        ...chunks.map((chunk) => data({ ...base, choices: [choice(chunk, null)] })),
        data({ ...base, choices: [choice("", "stop")] }),
        data({ ...base, choices: [], usage: openRouterUsage(completion) }),
        done,
      ];
    }
    case "ollama": {
      const base = {
        id,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: "fp_ollama",
      };
      const choice = (content: string, finishReason: string | null) => ({
        index: 0,
        delta: { role: "assistant", content },
        finish_reason: finishReason,
      });
      const events = chunks.map((chunk) => data({ ...base, choices: [choice(chunk, null)] }));
      events.push(data({ ...base, choices: [choice("", "stop")] }));
      if (includeUsage) events.push(data({ ...base, choices: [], usage: plainUsage(completion) }));
      events.push(done);
      return events;
    }
  }
}

// ---------------------------------------------------------------------------
// Errors inside the stream

/** Whether a chunk carries reply text. */
function carriesText(event: ServerSentEvent): boolean {
  if (!("data" in event) || event.data === "[DONE]") return false;
  const chunk = JSON.parse(event.data);
  const content = chunk?.choices?.[0]?.delta?.content;
  return typeof content === "string" && content !== "";
}

/** The error object each stream error is sent with, in OpenAI's shape. */
function openAIStreamError(kind: Exclude<StreamErrorScenario["streamError"], "content-filter">) {
  switch (kind) {
    case "overloaded":
      return {
        message: "The server is overloaded, please try again later.",
        type: "server_error",
        param: null,
        code: null,
      };
    case "rate-limited":
      return {
        message: STREAM_ERROR_MESSAGES["rate-limited"],
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      };
    case "quota":
      return {
        message: STREAM_ERROR_MESSAGES.quota,
        type: "insufficient_quota",
        param: null,
        code: "insufficient_quota",
      };
    case "server-error":
      return {
        message: STREAM_ERROR_MESSAGES["server-error"],
        type: "server_error",
        param: null,
        code: null,
      };
  }
}

/**
 * How each flavor breaks off a stream: OpenAI (and Azure, xAI's chat,
 * Perplexity, Ollama, gateways) a `data: {"error": {…}}` chunk; Mistral its
 * error object (`object: "error"`); OpenRouter a chunk with `error` and
 * `finish_reason: "error"`. A content-filter stop is a last chunk with
 * `finish_reason: "content_filter"`.
 */
function streamErrorEvents(completion: Completion, error: StreamErrorScenario): ServerSentEvent[] {
  const { flavor, id, created, model } = completion;
  const data = (payload: unknown): ServerSentEvent => ({ data: JSON.stringify(payload) });
  const base = { id, object: "chat.completion.chunk", created, model };
  if (error.streamError === "content-filter") {
    const reason = error.reason ?? "content_filter";
    const events = [
      data({
        ...base,
        choices: [{ index: 0, delta: {}, finish_reason: reason, logprobs: null }],
        ...(flavor === "perplexity" ? { usage: plainUsage(completion) } : {}),
      }),
    ];
    if (flavor !== "perplexity") events.push({ data: "[DONE]" });
    return events;
  }
  const shaped = openAIStreamError(error.streamError);
  if (flavor === "mistral") {
    const mistral = {
      overloaded: { type: "service_tier_capacity_exceeded", code: "3505" },
      "rate-limited": { type: "rate_limited", code: "1300" },
      quota: { type: "insufficient_quota", code: "1301" },
      "server-error": { type: "internal_server_error", code: "1000" },
    }[error.streamError];
    return [data({ object: "error", message: shaped.message, param: null, ...mistral })];
  }
  if (flavor === "openrouter") {
    return [
      data({
        ...base,
        provider: "OpenAI",
        error: { code: shaped.code ?? shaped.type, message: shaped.message },
        choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }],
      }),
      { data: "[DONE]" },
    ];
  }
  return [data({ error: shaped })];
}

// ---------------------------------------------------------------------------
// Model lists

function modelsResponse(flavor: OpenAIChatFlavor, options: OpenAIChatFakeOptions): Response {
  const ids = options.models ??
    (flavor === "azure" && options.deployment
      ? [options.deployment]
      : PROFILES[flavor].defaultModels);
  const created = 1_700_000_000;
  switch (flavor) {
    case "azure":
      return jsonResponse({
        object: "list",
        data: ids.map((id) => ({
          id,
          object: "model",
          created_at: created,
          status: "succeeded",
          capabilities: {
            chat_completion: true,
            completion: false,
            embeddings: false,
            fine_tune: false,
            inference: true,
          },
          lifecycle_status: "generally-available",
        })),
      });
    case "openrouter":
      return jsonResponse({
        data: ids.map((id) => ({
          id,
          canonical_slug: id,
          name: id,
          created,
          description: `The fake ${id}.`,
          context_length: 128000,
          architecture: {
            modality: "text->text",
            input_modalities: ["text"],
            output_modalities: ["text"],
          },
          pricing: { prompt: "0.00000015", completion: "0.0000006" },
          top_provider: {
            context_length: 128000,
            max_completion_tokens: 16384,
            is_moderated: true,
          },
        })),
      });
    default: {
      const owner: Record<string, string> = {
        openai: "system",
        mistral: "mistralai",
        xai: "xai",
        perplexity: "perplexity",
        ollama: "library",
        compatible: "organization-owner",
      };
      return jsonResponse({
        object: "list",
        data: ids.map((id) => ({ id, object: "model", created, owned_by: owner[flavor] })),
      });
    }
  }
}

function ollamaTagsResponse(options: OpenAIChatFakeOptions): Response {
  const ids = options.models ?? PROFILES.ollama.defaultModels;
  return jsonResponse({
    models: ids.map((id) => ({
      name: id,
      model: id,
      modified_at: "2025-01-01T00:00:00Z",
      size: 2019393189,
      digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
      details: {
        format: "gguf",
        family: "llama",
        parameter_size: "3.2B",
        quantization_level: "Q4_K_M",
      },
    })),
  });
}
