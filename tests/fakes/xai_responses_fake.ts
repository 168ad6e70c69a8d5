/**
 * A fake of xAI's Responses API (`POST /v1/responses`, and `GET /v1/models`), which `@ai-sdk/xai`
 * uses: JSON or SSE events `response.created` … `response.output_text.delta`
 * … `response.completed` with usage, as xAI's servers send them (see the
 * recorded `xai-responses--xai-text-streaming` fixture). Bearer auth;
 * xAI's `{code, error}` error bodies.
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
  isRecord,
  isRedirectScenario,
  jsonResponse,
  randomIdentifier,
  redirectResponse,
  splitIntoChunks,
  startFakeServer,
  STREAM_ERROR_MESSAGES,
  streamErrorFor,
} from "./_fake_server.ts";
import { createSseResponse } from "./_sse.ts";

function xaiError(
  status: number,
  code: string,
  error: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ code, error }, status, headers);
}

/** Starts the fake; its Responses endpoint is `<url>/v1/responses`. */
export function startXaiResponsesFake(options: FakeProviderOptions): Promise<FakeServer> {
  const reply = options.reply ?? DEFAULT_REPLY;
  return startFakeServer((request, control) => {
    const scenario = options.scenario ?? "ok";
    if (isRedirectScenario(scenario)) return redirectResponse(scenario.redirectTo, request.url);
    if (request.url.pathname === "/v1/models" && request.method === "GET") {
      if (request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
        return xaiError(
          400,
          "Client specified an invalid argument",
          "Incorrect API key provided: xa***.",
        );
      }
      const created = Math.floor(Date.now() / 1000);
      return jsonResponse({
        data: ["grok-3-mini", "grok-4"].map((id) => ({
          id,
          created,
          object: "model",
          owned_by: "xai",
        })),
        object: "list",
      });
    }
    if (request.url.pathname !== "/v1/responses" || request.method !== "POST") {
      control.recordViolation(`unexpected ${request.method} ${request.url.pathname}`);
      return xaiError(404, "Not found", `No route for ${request.method} ${request.url.pathname}`);
    }
    if (
      request.headers.get("authorization") !== `Bearer ${options.apiKey}` ||
      scenario === "unauthorized"
    ) {
      return xaiError(
        400,
        "Client specified an invalid argument",
        "Incorrect API key provided: xa***. You can obtain an API key from https://console.x.ai.",
      );
    }
    if (scenario === "rate-limited") {
      return xaiError(429, "Too many requests", "Your team has reached its rate limit", {
        "retry-after": "1",
      });
    }
    if (scenario === "bad-request") {
      return xaiError(
        400,
        "Client specified an invalid argument",
        `${BAD_REQUEST_TEXT}: must be at most 2`,
      );
    }
    const body = request.json;
    const problems: string[] = [];
    if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
      problems.push("content-type is not JSON");
    }
    if (!isRecord(body)) problems.push("body is not a JSON object");
    else {
      if (typeof body.model !== "string" || body.model === "") problems.push("model missing");
      if (!Array.isArray(body.input) || body.input.length === 0) {
        problems.push("input must be a non-empty array");
      } else {
        for (const item of body.input) {
          if (
            !isRecord(item) ||
            !["system", "user", "assistant", "developer"].includes(String(item.role))
          ) {
            problems.push(`input item with a bad role: ${JSON.stringify(item).slice(0, 80)}`);
          }
        }
      }
      if (
        body.temperature !== undefined &&
        (typeof body.temperature !== "number" || body.temperature < 0 || body.temperature > 2)
      ) {
        problems.push("temperature out of range");
      }
      if (
        body.max_output_tokens !== undefined &&
        !(Number.isInteger(body.max_output_tokens) && Number(body.max_output_tokens) > 0)
      ) {
        problems.push("max_output_tokens is not a positive integer");
      }
    }
    if (problems.length > 0) {
      for (const problem of problems) control.recordViolation(`xai responses: ${problem}`);
      return xaiError(400, "Client specified an invalid argument", problems.join("; "));
    }
    const request_ = body as Record<string, unknown>;
    const id = randomIdentifier(24);
    const messageId = `msg_${id}`;
    const inputTokens = countTokens(JSON.stringify(request_.input));
    const usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: countTokens(reply),
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + countTokens(reply),
      num_sources_used: 0,
      num_server_side_tools_used: 0,
    };
    const message = {
      content: [{ type: "output_text", text: reply, logprobs: [], annotations: [] }],
      id: messageId,
      role: "assistant",
      type: "message",
      status: "completed",
    };
    const response = (status: string, output: unknown[], withUsage: boolean) => ({
      created_at: Math.floor(Date.now() / 1000),
      id,
      max_output_tokens: request_.max_output_tokens ?? null,
      model: request_.model,
      object: "response",
      output,
      parallel_tool_calls: true,
      previous_response_id: null,
      temperature: request_.temperature ?? null,
      text: { format: { type: "text" } },
      tool_choice: "auto",
      tools: [],
      top_p: null,
      status,
      ...(withUsage ? { usage } : {}),
    });
    if (request_.stream !== true) return jsonResponse(response("completed", [message], true));
    let sequence = 0;
    const event = (payload: Record<string, unknown>) => ({
      event: String(payload.type),
      data: JSON.stringify({ sequence_number: sequence++, ...payload }),
    });
    const events = [
      event({ type: "response.created", response: response("in_progress", [], false) }),
      event({ type: "response.in_progress", response: response("in_progress", [], false) }),
      event({
        type: "response.output_item.added",
        item: {
          content: [],
          id: messageId,
          role: "assistant",
          type: "message",
          status: "in_progress",
        },
        output_index: 0,
      }),
      event({
        type: "response.content_part.added",
        content_index: 0,
        item_id: messageId,
        output_index: 0,
        part: { type: "output_text", text: "", logprobs: [], annotations: [] },
      }),
      ...splitIntoChunks(reply).map((delta) =>
        event({
          type: "response.output_text.delta",
          content_index: 0,
          delta,
          item_id: messageId,
          output_index: 0,
          logprobs: [],
        })
      ),
      event({
        type: "response.output_text.done",
        content_index: 0,
        item_id: messageId,
        output_index: 0,
        text: reply,
        logprobs: [],
      }),
      event({
        type: "response.content_part.done",
        content_index: 0,
        item_id: messageId,
        output_index: 0,
        part: { type: "output_text", text: reply, logprobs: [], annotations: [] },
      }),
      event({ type: "response.output_item.done", item: message, output_index: 0 }),
      event({ type: "response.completed", response: response("completed", [message], true) }),
    ];
    const streamError = streamErrorFor(scenario, request, control);
    const errorEvents = () => {
      if (streamError?.streamError === "content-filter") {
        return [event({
          type: "response.incomplete",
          response: {
            ...response("incomplete", [], true),
            incomplete_details: { reason: streamError.reason ?? "content_filter" },
          },
        })];
      }
      // The Responses API's own shapes (as recorded from OpenAI): an `error`
      // event, then `response.failed` with the same error.
      const [type, code] = {
        overloaded: ["server_error", "server_is_overloaded"],
        "rate-limited": ["rate_limit_error", "rate_limit_exceeded"],
        quota: ["insufficient_quota", "insufficient_quota"],
        "server-error": ["server_error", "server_error"],
      }[streamError!.streamError as "overloaded" | "rate-limited" | "quota" | "server-error"];
      const message = streamError!.streamError === "overloaded"
        ? "The server is overloaded, please try again later."
        : STREAM_ERROR_MESSAGES[streamError!.streamError];
      return [
        event({ type: "error", error: { type, code, message, param: null } }),
        event({
          type: "response.failed",
          response: { ...response("failed", [], false), error: { code, message } },
        }),
      ];
    };
    const sent = streamError
      ? cutStream(
        events,
        (item) => item.event === "response.output_text.delta",
        streamError,
        errorEvents(),
      )
      : events;
    return createSseResponse(sent, {
      delayMilliseconds: eventDelayFor(scenario),
      signal: control.signal,
    });
  });
}
