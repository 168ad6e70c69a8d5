/**
 * A model that appends one usage-ledger record for every generation it
 * streams, as `ask` does, for the commands that run many (`chat`, `batch`).
 *
 * @module
 */
import type {
  GenerateRequest,
  LanguageModel,
  ModelEvent,
  Usage,
} from "../providers/language_model.ts";
import type { Config } from "../config/schema.ts";
import { recordUsage } from "./record_usage.ts";
import { interruptionOf } from "../core/interruption_of.ts";
import type { UsageLedger } from "./usage_ledger.ts";
import type { UsageInput } from "./usage_record.ts";

/** Where the records go and what they name. */
export interface ModelUsageOptions {
  /** The config directory. */
  dir: string;
  /** The key's fingerprint, `"none"` without one. */
  key: string;
  /** The endpoint host, never a full URL. */
  host: string | null;
  /** Told when a record cannot be written (the request itself went through). */
  onWarning?: (message: string) => void;
  /** The config whose model prices win over the catalogue's in the records. */
  config?: Config;
  /** The ledger held open by the caller (`batch`, `chat`); else each record opens the file. */
  ledger?: UsageLedger;
}

/** Wraps `model` so that each stream, finished or failed, leaves one ledger record. */
export function recordingModelUsage(
  model: LanguageModel,
  options: ModelUsageOptions,
): LanguageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    async *stream(request: GenerateRequest): AsyncIterable<ModelEvent> {
      const started = performance.now();
      let usage: Usage | undefined;
      let failure: unknown;
      try {
        for await (const event of model.stream(request)) {
          if (event.type === "finish") usage = event.usage;
          yield event;
        }
      } catch (error) {
        // A stream stopped by its request's signal (Ctrl-C) fails with what the provider makes of
        // the abort (an AbortError, a ProviderError wrapping it): recorded as the interruption.
        failure = request.signal?.aborted ? interruptionOf(request.signal) : error;
        throw error;
      } finally {
        const input: UsageInput = {
          provider: model.provider,
          model: model.modelId,
          key: options.key,
          host: options.host,
          inputTokens: usage?.inputTokens ?? 0,
          outputTokens: usage?.outputTokens ?? 0,
          cachedInputTokens: usage?.cachedInputTokens ?? 0,
          durationMs: Math.round(performance.now() - started),
          error: failure,
        };
        const recorded = options.ledger
          ? options.ledger.append(input, { config: options.config })
          : recordUsage(options.dir, input, { config: options.config });
        await recorded.catch((error) =>
          options.onWarning?.(`Could not record usage: ${(error as Error).message}`)
        );
      }
    },
  };
}
