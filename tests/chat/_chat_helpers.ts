/**
 * Shared pieces of the chat tests: a session over memory streams and models
 * that record, stall or fail.
 *
 * @module
 */
import { ChatSession, type ChatSessionOptions } from "../../src/chat/chat_session.ts";
import { ReplyWriter } from "../../src/chat/reply_writer.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
} from "../../src/providers/language_model.ts";
import { createMockModel } from "../../src/providers/mock.ts";
import { type MemoryContext, memoryContext } from "../cli/_memory_io.ts";

/** A model that records its requests; `stall` stops after the first chunk until aborted, ignoring the signal. */
export function testModel(
  options: { provider?: string; modelId?: string; stall?: boolean } = {},
): LanguageModel & { requests: GenerateRequest[] } {
  const mock = createMockModel("mock-1");
  const requests: GenerateRequest[] = [];
  return {
    provider: options.provider ?? "mock",
    modelId: options.modelId ?? "mock-1",
    requests,
    async *stream(request): AsyncIterable<ModelEvent> {
      requests.push(request);
      if (options.stall) {
        yield { type: "text-delta", text: "Partial " };
        await new Promise(() => {}); // never ends: the session must not wait for it
      }
      yield* mock.stream(request);
    },
  };
}

/** A chat session over memory streams and a temporary config directory. */
export interface TestSession extends AsyncDisposable {
  session: ChatSession;
  context: MemoryContext;
  output: ReplyWriter;
  store: ConversationStore;
  home: string;
  opened: string[];
}

/** Creates a {@linkcode TestSession}. */
export async function testSession(
  overrides: Partial<ChatSessionOptions> & { stdin?: string; stdinIsTerminal?: boolean } = {},
): Promise<TestSession> {
  const root = await Deno.makeTempDir({ prefix: "omn-chat-test-" });
  const home = `${root}/home`;
  const context = memoryContext({
    env: { OMNIMANCER_HOME: home },
    stdin: overrides.stdin,
    stdinIsTerminal: overrides.stdinIsTerminal,
  });
  const output = new ReplyWriter(context.io.rawStdout);
  const store = new ConversationStore(home, { now: context.now });
  const opened: string[] = [];
  const session = new ChatSession({
    io: context.io,
    output,
    model: testModel(),
    openModel: (provider, modelId) => {
      opened.push(`${provider}/${modelId ?? ""}`);
      if (provider === "nope") return Promise.reject(new Error(`Unknown provider "nope"`));
      return Promise.resolve(testModel({ provider, modelId: modelId ?? `${provider}-default` }));
    },
    store,
    conversation: newConversation("c0ffee00-0000-4000-8000-000000000000", context.now()),
    history: { enabled: true, retentionDays: 30 },
    onSecret: "redact",
    now: context.now,
    ...overrides,
  });
  return {
    session,
    context,
    output,
    store,
    home,
    opened,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}
