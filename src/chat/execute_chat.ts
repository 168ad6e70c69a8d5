/**
 * Resolves what `chat` needs from its flags and the config (provider,
 * model, endpoint, credentials, secret policy, history) and runs the
 * session: interactive when stdin is a terminal, one message per line
 * otherwise.
 *
 * @module
 */
import type { OnSecret } from "../providers/guard_request.ts";
import type { CliContext } from "../core/context.ts";
import { readConfig } from "../config/config_access.ts";
import {
  loadCredentialSources,
  type LoadedSources,
} from "../credentials/load_credential_sources.ts";
import type { Config } from "../config/schema.ts";
import type { LanguageModel } from "../providers/language_model.ts";
import { type HistoryFlags, resumeConversation } from "../history/resume_conversation.ts";
import { newConversation } from "../history/conversation.ts";
import { newConversationId } from "../history/conversation_id.ts";
import { describeRetry } from "../net/retrying_fetch.ts";
import { networkOptions } from "../net/network_options.ts";
import { chooseProvider } from "../providers/choose_provider.ts";
import { endpointHost, keyFingerprint } from "../ask/ask_accounting.ts";
import { recordingModelUsage } from "../usage/record_model_usage.ts";
import { canonicalProvider, createModel } from "../providers/registry.ts";
import { runBudgets } from "../budget/run_budgets.ts";
import { chooseWithTemplate, findTemplate, withTemplate } from "../templates/template.ts";
import { ChatSession } from "./chat_session.ts";
import { InputHistory } from "../history/input_history.ts";
import { ReplyWriter } from "./reply_writer.ts";
import { runChatPiped } from "./run_chat_piped.ts";
import { runChatTerminal } from "./run_chat_terminal.ts";
import { processTerminal, type Terminal } from "./terminal.ts";
import { requestLogSink } from "../log/request_log_sink.ts";

/** The parsed flags of `chat`, before config defaults are applied. */
export interface ChatFlags extends HistoryFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
  onSecret?: OnSecret;
  /** `-T/--template`: a template's name. */
  template?: string;
  /** `--max-cost`: the session's spending cap in USD. */
  maxCost?: number;
  /** `--allow-unpriced`: a model without a price may run under `--max-cost`. */
  allowUnpriced?: boolean;
}

/** Dependencies a test may replace. */
export interface ChatDependencies {
  /** The terminal of an interactive session; the process's own by default. */
  terminal?: Terminal;
}

/** Runs `chat` with config defaults applied. */
export async function executeChat(
  flags: ChatFlags,
  context: CliContext,
  dependencies: ChatDependencies = {},
): Promise<void> {
  const { store, config, profile } = await readConfig(context, { stamped: true });
  const history = await resumeConversation(flags, context, config);
  const resumed = history.resumed;
  const template = flags.template === undefined ? undefined : findTemplate(config, flags.template);
  const withFlags = template ? withTemplate(flags, template) : flags;
  const choice = chooseWithTemplate(flags, template, config);
  const provider = chooseProvider(
    [choice.provider, resumed?.provider, config.default_provider],
    config,
  );
  // Only the session's provider's keys are fetched and decrypted now; another one when switched to.
  const sourcesFor = await loadCredentialSources(context, store.paths, config, {
    providers: [provider],
  });
  const openModel = chatModelOpener(flags, context, {
    config,
    configDir: store.paths.dir,
    sourcesFor,
    provider,
    budgets: runBudgets({
      dir: store.paths.dir,
      profile,
      config,
      maxCost: flags.maxCost,
      allowUnpriced: flags.allowUnpriced,
      onWarning: (message) => context.io.message("warn", message),
    }),
  });
  const model = await openModel(
    provider,
    choice.model ?? (resumed?.provider === provider ? resumed.model : undefined),
  );
  const output = new ReplyWriter(context.io.rawStdout, {
    terminal: context.io.stdoutIsTerminal,
  });
  const now = context.now();
  const session = new ChatSession({
    io: context.io,
    output,
    model,
    openModel,
    store: history.store,
    conversation: resumed ?? newConversation(newConversationId(now), now),
    history: { enabled: history.enabled, retentionDays: history.retentionDays },
    system: flags.system ?? template?.system ?? resumed?.system,
    temperature: withFlags.temperature,
    maxTokens: withFlags.maxTokens,
    promptTemplate: template?.prompt,
    onSecret: flags.onSecret ?? config.settings?.on_secret ?? "redact",
    now: context.now,
    config,
  });
  // Ctrl-C reaches a terminal session as a key (raw mode); signals from outside end it.
  using interrupts = context.interrupts?.watch();
  try {
    if (context.io.stdinIsTerminal) {
      const inputHistory = await InputHistory.load(store.paths.dir, { write: history.enabled });
      await runChatTerminal(session, {
        io: context.io,
        terminal: dependencies.terminal ?? processTerminal(),
        inputHistory,
        stop: interrupts?.signal,
      });
    } else {
      await runChatPiped(session, context.io, interrupts?.signal);
    }
  } finally {
    await output.close();
    await session.stopped();
  }
}

/** What opening a session's models needs from the run. */
interface ChatModels {
  config: Config;
  configDir: string;
  sourcesFor: LoadedSources;
  /** The session's first provider: `--base-url` belongs to it. */
  provider: string;
  budgets: ReturnType<typeof runBudgets>;
}

/**
 * Opens a session's model (its first, or one switched to with `/model`)
 * with the run's network options, spending caps and usage records.
 */
function chatModelOpener(
  flags: ChatFlags,
  context: CliContext,
  run: ChatModels,
): (name: string, modelId?: string) => Promise<LanguageModel> {
  const { config, sourcesFor, provider } = run;
  const { periodBudget, cap } = run.budgets;
  return async (name, modelId) => {
    const id = canonicalProvider(name, config);
    // No passphrase prompt in a session: the terminal is the session's.
    await sourcesFor.prepare(id, { prompt: false });
    // --base-url belongs to the provider it was given for.
    const baseUrl = id === provider ? flags.baseUrl : undefined;
    const model = await createModel({
      requestLog: await requestLogSink(context),
      provider: id,
      modelId,
      baseUrl,
      onSecret: flags.onSecret,
      onWarning: (message) => context.io.message("warn", message),
      config,
      sourcesFor,
      fetch: context.fetch,
      clock: context.clock,
      network: networkOptions(
        config,
        { timeoutMs: flags.timeoutMs },
        (event) => context.io.message("info", describeRetry(event)),
      ),
    });
    return recordingModelUsage(periodBudget.wrap(cap ? cap.wrap(model, config) : model), {
      dir: run.configDir,
      key: keyFingerprint(id, sourcesFor),
      host: endpointHost(id, config, baseUrl),
      onWarning: (message) => context.io.message("warn", message),
      config,
    });
  };
}
