/**
 * The built-in offline `mock` provider: no key, no network, a deterministic
 * reply streamed in several chunks, with usage. It is how the README's first
 * command and most tests run `ask`.
 *
 * Models: `mock-1` (the default) replies with a fixed text that quotes the
 * prompt's first words, or, asked for JSON with a schema, with the simplest
 * JSON value that conforms to it; `mock-code` replies with two fenced code
 * blocks (a shell command, then Python) around prose, streamed in small
 * pieces that split the fences (for `ask -x`); `mock-error` fails after its
 * first chunk, to show how errors look in every output mode. An attachment
 * (`ask --attach-type`) is named in `mock-1`'s reply by its type and size.
 *
 * @module
 */
import { ProviderError } from "../core/errors.ts";
import type { GenerateRequest, LanguageModel, ModelEvent } from "./language_model.ts";

/** The mock provider's models. */
export const MOCK_MODELS = ["mock-1", "mock-code", "mock-error"] as const;

/** Roughly four characters a token, as the providers' own rule of thumb. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The simplest value conforming to a (common subset of) JSON schema. */
export function exampleFor(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null) return null;
  const node = schema as Record<string, unknown>;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum)) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case "object": {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(node.required)
        ? node.required as string[]
        : Object.keys(properties);
      return Object.fromEntries(required.map((name) => [name, exampleFor(properties[name])]));
    }
    case "array":
      return Number(node.minItems ?? 0) > 0 ? [exampleFor(node.items)] : [];
    case "string":
      return "mock".padEnd(Number(node.minLength ?? 0), "k");
    case "integer":
    case "number":
      return Number(node.minimum ?? 0);
    case "boolean":
      return false;
    default:
      return null;
  }
}

/** The deterministic reply of `mock-1` to a request. */
export function mockReply(request: GenerateRequest): string {
  if (request.jsonSchema) return JSON.stringify(exampleFor(request.jsonSchema));
  const last = request.messages.at(-1)?.content ?? "";
  const words = last.split(/\s+/).filter((word) => word.length > 0);
  const quoted = words.slice(0, 8).join(" ");
  const attachment = request.messages.at(-1)?.attachment;
  return `Hello from the mock provider. Your prompt had ${words.length} words` +
    (quoted ? `, starting "${quoted}"` : "") +
    (attachment
      ? `, with an attachment of ${attachment.mediaType} (${attachment.data.length} bytes)`
      : "") +
    ". This reply is deterministic.";
}

/** The deterministic reply of `mock-code`: prose around a shell block and a Python block. */
export function mockCodeReply(request: GenerateRequest): string {
  const last = request.messages.at(-1)?.content ?? "";
  const count = last.split(/\s+/).filter((word) => word.length > 0).length;
  return `Here is a shell command:\n\n\`\`\`sh\necho "your prompt had ${count} words"\n\`\`\`\n\n` +
    `The same in Python:\n\n\`\`\`python\nprint("your prompt had ${count} words")\n\`\`\`\n`;
}

/** Creates a mock model. */
export function createMockModel(modelId: string): LanguageModel {
  return {
    provider: "mock",
    modelId,
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      const reply = modelId === "mock-code" && !request.jsonSchema
        ? mockCodeReply(request)
        : mockReply(request);
      const limit = request.maxTokens;
      const chunks =
        (request.jsonSchema
          ? reply.match(/.{1,12}/gs)
          : modelId === "mock-code"
          ? reply.match(/.{1,5}/gs)
          : reply.match(/\S+\s*/g)) ?? [];
      let emitted = "";
      for (const chunk of chunks) {
        request.signal?.throwIfAborted();
        if (limit !== undefined && estimateTokens(emitted + chunk) > limit) {
          yield finish("length");
          return;
        }
        emitted += chunk;
        await Promise.resolve();
        yield { type: "text-delta", text: chunk };
        if (modelId === "mock-error") {
          throw new ProviderError("mock: the mock-error model failed on purpose after one chunk");
        }
      }
      yield finish("stop");

      function finish(finishReason: "stop" | "length"): ModelEvent {
        const input = (request.system ?? "") + request.messages.map((m) => m.content).join("");
        return {
          type: "finish",
          finishReason,
          usage: {
            inputTokens: estimateTokens(input),
            outputTokens: estimateTokens(emitted),
            cachedInputTokens: 0,
          },
        };
      }
    },
  };
}
