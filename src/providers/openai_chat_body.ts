/**
 * The body of a streamed OpenAI chat-completions request, built the way
 * `@ai-sdk/openai`'s `OpenAIChatLanguageModel` builds it for the calls omn
 * makes (text messages, temperature, output limit; no tools, no provider
 * options), so that omn's own client sends the very same JSON without
 * loading the SDK (tests/providers/openai_chat_body_test.ts compares the two
 * for every model of the SDK's catalog and the model families it knows).
 *
 * Reasoning models (o-series, GPT-5 and later apart from the `-chat`
 * variants) get the system prompt as a `developer` message, no temperature
 * and `max_completion_tokens` instead of `max_tokens`; the search-preview
 * models get no temperature.
 *
 * @module
 */
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";

/** One message of the body. */
export interface OpenAIChatMessage {
  role: "system" | "developer" | "user" | "assistant";
  content: string;
}

/** The body of a streamed chat-completions request. */
export interface OpenAIChatBody {
  model: string;
  max_tokens?: number;
  temperature?: number;
  max_completion_tokens?: number;
  messages: OpenAIChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
}

/**
 * The settings the SDK's body has and omn never sets, in the SDK's order
 * (before `messages`, after `model`…): kept as undefined keys, so that the
 * body object an error carries (`requestBodyValues`) is the SDK's too.
 */
const UNSET_BEFORE_LIMIT = [
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "user",
  "parallel_tool_calls",
];
const UNSET_AFTER_TEMPERATURE = [
  "top_p",
  "frequency_penalty",
  "presence_penalty",
  "response_format",
  "stop",
  "seed",
  "verbosity",
];
const UNSET_AFTER_COMPLETION_LIMIT = [
  "store",
  "metadata",
  "prediction",
  "reasoning_effort",
  "service_tier",
  "prompt_cache_key",
  "prompt_cache_options",
  "prompt_cache_retention",
  "safety_identifier",
];
const UNSET_AFTER_MESSAGES = ["tools", "tool_choice"];

const unset = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, undefined]));

function oSeriesVersion(modelId: string): number | undefined {
  const match = /^o(\d+)(?:-|$)/.exec(modelId);
  return match === null ? undefined : Number(match[1]);
}

function gptVersion(modelId: string): { major: number; variant?: string } | undefined {
  const match = /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(modelId);
  return match === null ? undefined : {
    major: Number(match[1]),
    variant: match[2] === undefined ? match[3] : undefined,
  };
}

/** Whether the SDK treats the model as a reasoning model on the chat endpoint. */
export function isOpenAIReasoningModel(modelId: string): boolean {
  const gpt = gptVersion(modelId);
  // "gpt-5-chat-latest" and the like (no minor version) are chat models, not reasoning ones.
  const chatVariant = gpt?.variant?.startsWith("chat") ?? false;
  return oSeriesVersion(modelId) !== undefined ||
    (gpt !== undefined && gpt.major >= 5 && !chatVariant);
}

function takesTemperatureWithoutReasoning(modelId: string): boolean {
  return !modelId.startsWith("gpt-4o-search-preview") &&
    !modelId.startsWith("gpt-4o-mini-search-preview");
}

/** The text of a message whose content is text parts only, or undefined. */
function onlyText(content: readonly { type: string; text?: string }[]): string | undefined {
  let text = "";
  for (const part of content) {
    if (part.type !== "text" || typeof part.text !== "string") return undefined;
    text += part.text;
  }
  return text;
}

function messagesOf(
  prompt: LanguageModelV4CallOptions["prompt"],
  reasoning: boolean,
): OpenAIChatMessage[] | undefined {
  const messages: OpenAIChatMessage[] = [];
  for (const message of prompt) {
    if (message.providerOptions !== undefined) return undefined;
    if (message.role === "system") {
      messages.push({ role: reasoning ? "developer" : "system", content: message.content });
    } else if (message.role === "user") {
      // One text part becomes a string; several, or a file, take the SDK's part list.
      if (message.content.length !== 1) return undefined;
      const [part] = message.content;
      if (part.type !== "text" || part.providerOptions !== undefined) return undefined;
      messages.push({ role: "user", content: part.text });
    } else if (message.role === "assistant") {
      if (message.content.some((part) => part.providerOptions !== undefined)) return undefined;
      const text = onlyText(message.content);
      if (text === undefined) return undefined;
      messages.push({ role: "assistant", content: text });
    } else {
      return undefined;
    }
  }
  return messages;
}

/** The keys of the call options this builder knows; any other one set leaves the call to the SDK. */
const KNOWN_OPTIONS = new Set(["prompt", "temperature", "maxOutputTokens", "abortSignal"]);

/**
 * The body the SDK would send for this call, or undefined when the call uses
 * anything this builder does not cover (a file, a JSON schema, tools,
 * provider options…): such a call goes to the SDK.
 */
export function openaiChatBody(
  modelId: string,
  options: LanguageModelV4CallOptions,
): OpenAIChatBody | undefined {
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !KNOWN_OPTIONS.has(key)) return undefined;
  }
  const reasoning = isOpenAIReasoningModel(modelId);
  const messages = messagesOf(options.prompt, reasoning);
  if (messages === undefined) return undefined;
  const { maxOutputTokens, temperature } = options;
  // The key order is the SDK's, so that the JSON text is the same too.
  const body = {
    model: modelId,
    ...unset(UNSET_BEFORE_LIMIT),
    max_tokens: reasoning ? undefined : maxOutputTokens,
    temperature: reasoning || !takesTemperatureWithoutReasoning(modelId) ? undefined : temperature,
    ...unset(UNSET_AFTER_TEMPERATURE),
    max_completion_tokens: reasoning ? maxOutputTokens : undefined,
    ...unset(UNSET_AFTER_COMPLETION_LIMIT),
    messages,
    ...unset(UNSET_AFTER_MESSAGES),
    stream: true as const,
    stream_options: { include_usage: true as const },
  };
  return body;
}
