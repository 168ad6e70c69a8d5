/**
 * One `omn chat` session: the conversation so far, the model answering it,
 * and what each message and `/` command does. Both the terminal and the
 * piped front ends drive a session; neither knows about models or files.
 *
 * Each message passes through the secret guard of `ask` before it is sent
 * (`--on-secret`); the reply streams to stdout through a
 * {@linkcode ReplyWriter}; the exchange is then saved, redacted, when
 * history is on.
 *
 * @module
 */
import { guardRequest, type OnSecret } from "../providers/guard_request.ts";
import { fillPrompt } from "../templates/template.ts";
import type { Io } from "../core/io.ts";
import { InterruptedError, UsageError } from "../core/errors.ts";
import { untilStopped } from "../core/stream_stop.ts";
import { nextUnlessAborted } from "../core/next_unless_aborted.ts";
import { interruptionOf } from "../core/interruption_of.ts";
import {
  type Conversation,
  conversationMessages,
  newConversation,
} from "../history/conversation.ts";
import {
  checkConversationId,
  conversationIdTime,
  newConversationId,
} from "../history/conversation_id.ts";
import type { ConversationStore } from "../history/conversation_store.ts";
import { modelPrice, usageCostUsd } from "../budget/model_price.ts";
import { chooseChatModel } from "./choose_chat_model.ts";
import type { Config } from "../config/schema.ts";
import {
  type FinishReason,
  type LanguageModel,
  replyCutShort,
  type Usage,
} from "../providers/language_model.ts";
import { CHAT_COMMANDS } from "./parse_chat_input.ts";
import type { ReplyWriter } from "./reply_writer.ts";

/** The ids omn gives unnamed conversations. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a session needs. */
export interface ChatSessionOptions {
  io: Io;
  /** Where replies go. */
  output: ReplyWriter;
  /** The model answering at the start. */
  model: LanguageModel;
  /** Opens another model (`/provider`, `/model`); `modelId` absent: the provider's default. */
  openModel: (provider: string, modelId?: string) => Promise<LanguageModel>;
  /** Where conversations are stored. */
  store: ConversationStore;
  /** The conversation to go on from (a new one, or one resumed). */
  conversation: Conversation;
  /** Whether exchanges are saved, and for how many days conversations are kept. */
  history: { enabled: boolean; retentionDays: number };
  system?: string;
  temperature?: number;
  maxTokens?: number;
  onSecret: OnSecret;
  /** A template's prompt: each message fills its `{input}` (`chat -T`). */
  promptTemplate?: string;
  /** The clock of `updated_at`. */
  now: () => Date;
  /** The config whose `models` prices win over the catalogue's for the session's cost. */
  config?: Config;
}

/** How sending one message ended. */
export type SendOutcome = "done" | "interrupted";

/** Options of {@linkcode ChatSession.send}. */
export interface SendOptions {
  /** Stops the reply (Ctrl-C); the session goes on. */
  signal?: AbortSignal;
  /** Called when the first piece of the reply arrives. */
  onFirstText?: () => void;
}

/** What a command asks of the front end. */
export type CommandOutcome = "continue" | "exit";

/** Token counts and cost of a session. */
export interface SessionUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** The cost of the requests whose model has known prices. */
  costUsd: number;
  /** Requests whose cost is unknown. */
  unpriced: number;
}

/** One chat session. */
export class ChatSession {
  #options: ChatSessionOptions;
  #model: LanguageModel;
  #conversation: Conversation;
  #system: string | undefined;
  #pruned = false;
  /** The streams of interrupted replies still stopping. */
  #stoppingStreams = new Set<Promise<unknown>>();
  #usage: SessionUsage = {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    costUsd: 0,
    unpriced: 0,
  };

  constructor(options: ChatSessionOptions) {
    this.#options = options;
    this.#model = options.model;
    this.#conversation = options.conversation;
    this.#system = options.system;
  }

  /** The model answering now. */
  get model(): LanguageModel {
    return this.#model;
  }

  /** The conversation so far (in memory: prompts as sent, replies redacted and bounded). */
  get conversation(): Conversation {
    return this.#conversation;
  }

  /** The session's usage so far. */
  get usage(): SessionUsage {
    return { ...this.#usage };
  }

  /**
   * Sends one message and streams the reply to stdout. An interrupted reply
   * is kept as far as it came (nothing is kept when none came).
   *
   * @throws {RefusalError} when the message holds a secret and the policy is `block`.
   * @throws the model's error when the request fails.
   */
  async send(text: string, options: SendOptions = {}): Promise<SendOutcome> {
    const { io, output } = this.#options;
    const filled = this.#options.promptTemplate === undefined
      ? text
      : fillPrompt(this.#options.promptTemplate, text);
    const model = this.#model;
    const signal = options.signal;
    const guarded = guardRequest(
      {
        system: this.#system,
        messages: [
          ...conversationMessages(this.#conversation),
          { role: "user", content: filled },
        ],
        temperature: this.#options.temperature,
        maxTokens: this.#options.maxTokens,
        signal,
      },
      model.modelId,
      this.#options.onSecret,
    );
    if (guarded.warning) io.message("warn", guarded.warning);
    const sent = guarded.request;
    const iterator = model.stream(sent)[Symbol.asyncIterator]();
    let replied = false;
    let reply = "";
    let usage: Usage | undefined;
    let finishReason: FinishReason | undefined;
    let interrupted = false;
    try {
      for (;;) {
        // Each wait on its own (next_unless_aborted.ts): one race per event against a promise that
        // lived all turn kept every event of the reply. A provider that ignores the signal may
        // still fail later: that failure is moot.
        const next = await nextUnlessAborted(iterator, signal);
        if (next === undefined) {
          interrupted = true;
          // The stream stops in the background (the session goes on); see `stopped`. It is
          // stopped with the interruption, which its usage record then names (as an ask's does).
          this.#stopping(stopStream(iterator, turnInterruption(signal)));
          break;
        }
        if (next.done) break;
        const event = next.value;
        if (event.type === "text-delta") {
          if (!replied) options.onFirstText?.();
          replied = true;
          await output.write(event.text);
        } else {
          usage = event.usage;
          finishReason = event.finishReason;
        }
      }
    } catch (error) {
      // A failure of the output (a closed stdout: `omn chat < messages | head`) leaves the model's
      // stream open: it is stopped, so that the usage ledger records the request and the spend
      // ledger settles its reservation (`stopped`), the record naming the failure (`BrokenPipe`).
      // A stream that failed itself has ended already.
      this.#stopping(stopStream(iterator, signal?.aborted ? turnInterruption(signal) : error));
      if (!signal?.aborted) {
        if (replied) await output.end({ truncated: true });
        throw error;
      }
      interrupted = true;
    }
    // The reply as kept: redacted, bounded (with a note when cut); a cut tail masked.
    if (replied || !interrupted) {
      reply = await output.end({ truncated: interrupted || replyCutShort(finishReason) });
    }
    if (finishReason === "length") io.message("warn", "The reply was cut at --max-tokens");
    if (usage) this.#count(model, usage);
    if (replied || !interrupted) {
      this.#conversation.messages.push(
        { role: "user", content: sent.messages[sent.messages.length - 1].content },
        { role: "assistant", content: reply },
      );
      this.#conversation.provider = model.provider;
      this.#conversation.model = model.modelId;
      if (this.#system === undefined) delete this.#conversation.system;
      else this.#conversation.system = sent.system!;
      await this.#record();
    }
    return interrupted ? "interrupted" : "done";
  }

  /**
   * Runs one `/` command.
   *
   * @throws {UsageError} for an unknown command or a bad argument, and the
   * errors of opening a model or reading a conversation.
   */
  async command(name: string, argument: string): Promise<CommandOutcome> {
    const { io } = this.#options;
    const info = (text: string) => io.message("info", text);
    switch (name) {
      case "help":
        info("Commands:");
        for (const [usage, help] of CHAT_COMMANDS) info(`  ${usage.padEnd(18)} ${help}`);
        info('A line ending in "\\" goes on to the next line; "//" starts a message with "/".');
        info("Ctrl-C stops a reply; Ctrl-D on an empty line or /exit ends the session.");
        return "continue";
      case "exit":
      case "quit":
        return "exit";
      case "provider":
        if (argument !== "") this.#model = await this.#options.openModel(argument);
        info(`Provider ${this.#model.provider}, model ${this.#model.modelId}`);
        return "continue";
      case "model":
        if (argument !== "") {
          const choice = chooseChatModel(
            argument,
            this.#model.provider,
            this.#options.config ?? { version: 1 },
          );
          this.#model = await this.#options.openModel(choice.provider, choice.model);
        }
        info(`Provider ${this.#model.provider}, model ${this.#model.modelId}`);
        return "continue";
      case "system":
        this.#system = argument === "" ? undefined : argument;
        info(argument === "" ? "System prompt removed" : "System prompt set");
        return "continue";
      case "usage":
        info(this.#describeUsage());
        return "continue";
      case "save":
        await this.#save(argument);
        return "continue";
      case "load":
        await this.#load(argument);
        return "continue";
      case "clear": {
        const now = this.#options.now();
        this.#conversation = newConversation(newConversationId(now), now);
        info("Started a new conversation");
        return "continue";
      }
    }
    throw new UsageError(`Unknown command "/${name}": type /help for the list`);
  }

  #count(model: LanguageModel, usage: Usage): void {
    const total = this.#usage;
    total.requests++;
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.cachedInputTokens += usage.cachedInputTokens;
    const price = modelPrice(model.provider, model.modelId, this.#options.config ?? { version: 1 });
    const cost = usageCostUsd(price, usage);
    if (cost === null) total.unpriced++;
    else total.costUsd += cost;
  }

  #describeUsage(): string {
    const usage = this.#usage;
    const cost = usage.requests === usage.unpriced
      ? "cost unknown"
      : `cost $${usage.costUsd.toFixed(6)}` +
        (usage.unpriced > 0
          ? ` (${usage.unpriced} request${usage.unpriced === 1 ? "" : "s"} at unknown prices)`
          : "");
    return `Usage: ${usage.requests} request${usage.requests === 1 ? "" : "s"}, ` +
      `${usage.inputTokens} input tokens ` +
      `(${usage.cachedInputTokens} cached), ${usage.outputTokens} output tokens, ${cost}`;
  }

  async #save(name: string): Promise<void> {
    if (name === "") throw new UsageError("Usage: /save NAME");
    checkConversationId(name);
    const { store, io } = this.#options;
    const previous = this.#conversation.id;
    // Prune passes over a file whose id claims a time within the retention, trusting that the file
    // was written no earlier: a new name claiming a later time would outlive the retention by as
    // much.
    const claimed = conversationIdTime(name);
    if (name !== previous && claimed !== undefined && claimed > this.#options.now().getTime()) {
      throw new UsageError(
        `"${name}" has the form of the ids omn makes, with a time after now: choose another name`,
      );
    }
    if (name !== previous && await store.exists(name)) {
      throw new UsageError(
        `A conversation named "${name}" exists already: /load it, or choose another name`,
      );
    }
    const renamed = { ...this.#conversation, id: name, updated_at: this.#now() };
    await store.save(renamed);
    this.#conversation = renamed;
    // An unnamed conversation moves to its name; a named one stays as it was.
    if (previous !== name && UUID.test(previous)) await store.remove(previous);
    io.message("info", `Saved the conversation as "${name}" (omn chat --conversation ${name})`);
  }

  async #load(name: string): Promise<void> {
    if (name === "") throw new UsageError("Usage: /load NAME");
    const conversation = await this.#options.store.read(name);
    this.#conversation = conversation;
    this.#system = conversation.system;
    this.#options.io.message(
      "info",
      `Loaded "${name}": ${conversation.messages.length} messages`,
    );
  }

  /**
   * Resolves once the streams of interrupted replies have stopped, or after
   * `STREAM_STOP_WAIT_MS` at most (`stream_stop.ts`): as they stop, the usage ledger
   * records their requests and the spend ledger settles their reservations,
   * which a process that ends first loses. The front ends call it as the
   * session ends.
   */
  async stopped(): Promise<void> {
    await untilStopped(Promise.all(this.#stoppingStreams));
  }

  #stopping(stopping: Promise<unknown> | undefined): void {
    if (stopping === undefined) return;
    const settled = stopping.then(() => {}, () => {});
    this.#stoppingStreams.add(settled);
    settled.then(() => this.#stoppingStreams.delete(settled));
  }

  /** Saves the conversation when history is on; prunes old ones on the first save. */
  async #record(): Promise<void> {
    const { store, history } = this.#options;
    if (!history.enabled) return;
    this.#conversation.updated_at = this.#now();
    await store.save(this.#conversation);
    if (!this.#pruned) {
      this.#pruned = true;
      await store.prune(history.retentionDays, { keep: this.#conversation.id });
    }
  }

  #now(): string {
    return this.#options.now().toISOString();
  }
}

/**
 * Stops a reply's stream with the reason it is not read on: thrown into the
 * stream where it waits, so that a wrapper recording the request (the usage
 * ledger's) sees why it ended, where `return()` would look like a finished
 * request. A stream that goes on after it (one that catches what is thrown
 * into it), or that has no `throw`, is closed with `return()`; one whose
 * `throw` fails at once is done with.
 */
async function stopStream(iterator: AsyncIterator<unknown>, reason: unknown): Promise<unknown> {
  if (iterator.throw) {
    try {
      const result = await iterator.throw(reason);
      if (result.done) return result;
    } catch {
      // Ended with the reason, or with a failure of its own: either way it is done.
      return undefined;
    }
  }
  return await iterator.return?.(undefined);
}

/** The interruption of a turn: its signal's, or a new one when the turn had none. */
function turnInterruption(signal: AbortSignal | undefined): unknown {
  return signal === undefined ? new InterruptedError("interrupted") : interruptionOf(signal);
}
