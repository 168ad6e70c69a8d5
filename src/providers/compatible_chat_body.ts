/**
 * The body of a streamed chat-completions request to an OpenAI-compatible
 * server (a custom endpoint, Ollama), built the way
 * `@ai-sdk/openai-compatible`'s chat model builds it for the calls omn makes
 * (text messages, temperature, output limit; no tools, no provider
 * options): the same JSON, without loading the package
 * (tests/providers/compatible_chat_model_test.ts compares the two).
 *
 * @module
 */
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";

/** One message of the body. */
export interface CompatibleChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
  tool_calls?: undefined;
}

/** The call options this builder knows; any other one set leaves the call to the SDK. */
const KNOWN_OPTIONS = new Set(["prompt", "temperature", "maxOutputTokens", "abortSignal"]);

function messagesOf(
  prompt: LanguageModelV4CallOptions["prompt"],
): CompatibleChatMessage[] | undefined {
  const messages: CompatibleChatMessage[] = [];
  for (const message of prompt) {
    if (message.providerOptions !== undefined) return undefined;
    if (message.role === "system") {
      messages.push({ role: "system", content: message.content });
    } else if (message.role === "user") {
      if (message.content.length !== 1) return undefined;
      const [part] = message.content;
      if (part.type !== "text" || part.providerOptions !== undefined) return undefined;
      messages.push({ role: "user", content: part.text });
    } else if (message.role === "assistant") {
      let text = "";
      for (const part of message.content) {
        if (part.type !== "text" || part.providerOptions !== undefined) return undefined;
        text += part.text;
      }
      messages.push({ role: "assistant", content: text, tool_calls: undefined });
    } else {
      return undefined;
    }
  }
  return messages;
}

/**
 * The body the SDK would send for this call (usage asked for with
 * `stream_options`), or undefined when the call uses anything this builder
 * does not cover: such a call goes to the SDK.
 */
export function compatibleChatBody(
  modelId: string,
  options: LanguageModelV4CallOptions,
): object | undefined {
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !KNOWN_OPTIONS.has(key)) return undefined;
  }
  const messages = messagesOf(options.prompt);
  if (messages === undefined) return undefined;
  // The SDK's keys in the SDK's order, unset ones included: the same JSON and the same body object.
  return {
    model: modelId,
    user: undefined,
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature,
    top_p: undefined,
    frequency_penalty: undefined,
    presence_penalty: undefined,
    response_format: undefined,
    stop: undefined,
    seed: undefined,
    messages,
    tools: undefined,
    tool_choice: undefined,
    stream: true,
    stream_options: { include_usage: true },
  };
}
