/**
 * History for `omn ask`: `-c` continues the conversation changed last,
 * `--conversation ID` a given one, and each exchange is saved (unless
 * history is off) so that the next `ask -c` or `chat -c` can go on from it.
 *
 * `run_ask.ts` sends one user message; the model returned by
 * {@linkcode AskHistory.wrap} puts the earlier messages (and the stored
 * system prompt, unless `--system` is given) before it, and records the
 * prompt as sent and the reply as received.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { Config } from "../config/schema.ts";
import type { LanguageModel, ModelEvent } from "../providers/language_model.ts";
import { RedactedReply } from "./redacted_reply.ts";
import { sha256Of } from "./read_attachment.ts";
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
  /** Saves the exchange and prunes old conversations; nothing when history is off. */
  save(): Promise<void>;
}

/**
 * Opens the history of one `ask`.
 *
 * @example
 * ```ts ignore
 * const history = await openAskHistory(flags, context, config);
 * await runAsk(options, { ...dependencies, model: history.wrap(model), sessionId: history.sessionId });
 * await history.save();
 * ```
 */
export async function openAskHistory(
  flags: HistoryFlags,
  context: CliContext,
  config: Config,
  options: { keepLimit?: number } = {},
): Promise<AskHistory> {
  const { store, resumed, enabled, retentionDays } = await resumeConversation(
    flags,
    context,
    config,
  );
  const conversation = resumed ?? newConversation(newConversationId(), context.now());
  let exchange: {
    model: LanguageModel;
    system?: string;
    prompt: string;
    attachment?: StoredAttachment;
    reply: string;
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
            sha256: await sha256Of(sent.data),
          };
          // Redacted as it streams and kept only up to the bound (with a note when cut).
          const reply = new RedactedReply({ keepLimit: options.keepLimit });
          let ended = false;
          try {
            for await (
              const event of model.stream({
                ...request,
                system,
                messages: [...conversationMessages(conversation), ...request.messages],
              })
            ) {
              if (event.type === "text-delta") reply.push(event.text);
              yield event;
            }
            ended = true;
          } finally {
            reply.finish({ truncated: !ended });
          }
          exchange = { model, system, prompt, attachment, reply: reply.textWithNote() };
        },
      };
    },
    async save() {
      if (!enabled || exchange === null) return;
      conversation.provider = exchange.model.provider;
      conversation.model = exchange.model.modelId;
      if (exchange.system === undefined) delete conversation.system;
      else conversation.system = exchange.system;
      conversation.messages.push(
        exchange.attachment === undefined
          ? { role: "user", content: exchange.prompt }
          : { role: "user", content: exchange.prompt, attachment: exchange.attachment },
        { role: "assistant", content: exchange.reply },
      );
      conversation.updated_at = context.now().toISOString();
      await store.save(conversation);
      await store.prune(retentionDays, { keep: conversation.id });
    },
  };
}
