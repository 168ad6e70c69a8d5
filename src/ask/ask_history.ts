/**
 * History for `omn ask`: `-c` continues the conversation changed last,
 * `--conversation ID` a given one, and each exchange is saved (unless
 * history is off) so that the next `ask -c` or `chat -c` can go on from it.
 *
 * `run_ask.ts` sends one user message; the model returned by
 * {@linkcode AskHistory.wrap} puts the earlier messages (and the stored
 * system prompt, unless `--system` is given) before it, and records the
 * prompt as sent; {@linkcode AskHistory.save} takes the reply as `runAsk`
 * kept it, before the result is printed.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import type { LanguageModel, ModelEvent } from "../providers/language_model.ts";
import {
  type Conversation,
  conversationMessages,
  newConversation,
} from "../history/conversation.ts";
import { newConversationId } from "../history/conversation_id.ts";
import { type HistoryFlags, resumeConversation } from "../history/resume_conversation.ts";

/** What a stored message keeps of its attachment. */
type StoredAttachment = NonNullable<Conversation["messages"][number]["attachment"]>;

/** What `execute_ask.ts` uses of the history. */
export interface AskHistory {
  /** The conversation continued, if any: its provider and model are this run's defaults. */
  resumed?: Conversation;
  /** The run's session id: the conversation's id. */
  sessionId: string;
  /** The model to use for a provider: the conversation's own, when it used that provider. */
  modelFor(provider: string): string | undefined;
  /** Wraps the model so that the earlier messages go first and the exchange is recorded. */
  wrap(model: LanguageModel): LanguageModel;
  /**
   * Saves the exchange, whose reply is `reply`: the reply as `runAsk` kept
   * it (redacted as it streamed, cut at the keep limit with a note), so that
   * the stream is not redacted a second time here; the store masks the whole
   * conversation once more as it writes it. Then prunes old conversations.
   * Nothing when history is off, or when the model's stream did not end.
   */
  save(reply: string): Promise<void>;
}

/**
 * Opens the history of one `ask`.
 *
 * @example
 * ```ts ignore
 * const history = await openAskHistory(flags, context, config);
 * await runAsk(options, {
 *   ...dependencies,
 *   model: history.wrap(model),
 *   sessionId: history.sessionId,
 *   onReply: (reply) => history.save(reply),
 * });
 * ```
 */
export async function openAskHistory(
  flags: HistoryFlags,
  context: CliContext,
  config: Config,
): Promise<AskHistory> {
  const { store, resumed, enabled, retentionDays } = await resumeConversation(
    flags,
    context,
    config,
  );
  const now = context.now();
  const conversation = resumed ?? newConversation(newConversationId(now), now);
  let exchange: {
    model: LanguageModel;
    system?: string;
    prompt: string;
    attachment?: StoredAttachment;
  } | null = null;
  return {
    resumed,
    sessionId: conversation.id,
    modelFor: (provider) => provider === resumed?.provider ? resumed.model : undefined,
    wrap(model: LanguageModel): LanguageModel {
      return {
        provider: model.provider,
        modelId: model.modelId,
        async *stream(request): AsyncIterable<ModelEvent> {
          const system = request.system ?? conversation.system;
          const prompt = request.messages.at(-1)?.content ?? "";
          const sent = request.messages.at(-1)?.attachment;
          // Only the attachment's type, size and SHA-256 are kept, never its bytes.
          const attachment = sent === undefined ? undefined : {
            type: sent.mediaType,
            size: sent.data.length,
            sha256: await (await import("./read_attachment.ts")).sha256Of(sent.data),
          };
          yield* model.stream({
            ...request,
            system,
            messages: [...conversationMessages(conversation), ...request.messages],
          });
          // Only a stream that ended is saved; the reply comes to `save` as runAsk kept it.
          exchange = { model, system, prompt, attachment };
        },
      };
    },
    async save(reply: string) {
      if (!enabled || exchange === null) return;
      conversation.provider = exchange.model.provider;
      conversation.model = exchange.model.modelId;
      if (exchange.system === undefined) delete conversation.system;
      else conversation.system = exchange.system;
      conversation.messages.push(
        exchange.attachment === undefined
          ? { role: "user", content: exchange.prompt }
          : { role: "user", content: exchange.prompt, attachment: exchange.attachment },
        { role: "assistant", content: reply },
      );
      conversation.updated_at = context.now().toISOString();
      // One after the other: the save's file calls never wait on Deno's pool (writeFileAtomic), so
      // there is no wait for the pruning to fill, and a save that fails prunes nothing.
      await store.save(conversation);
      await store.prune(retentionDays, { keep: conversation.id });
    },
  };
}
