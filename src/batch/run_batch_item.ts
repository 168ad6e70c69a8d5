/**
 * Runs one item of `omn batch`: its model (with the batch's defaults and
 * secret policy), its turn under the rate limits, its reply redacted as it
 * streams, and the result; a failure is the item's result, with its exit
 * code and error type.
 *
 * @module
 */
import type { Io } from "../core/io.ts";
import { reportedError } from "../core/reported_error.ts";
import { errorTypeOf } from "../core/error_type.ts";
import { guardedModel, type OnSecret } from "../providers/guard_request.ts";
import { RedactedReply } from "../ask/redacted_reply.ts";
import {
  type FinishReason,
  type LanguageModel,
  replyCutShort,
  type Usage,
} from "../providers/language_model.ts";
import type { BatchItem } from "./parse_batch_line.ts";
import type { BatchId, BatchResult } from "./result_line.ts";

/** The model for one item, with the rate limits of its provider and key. */
export interface ItemModel {
  model: LanguageModel;
  /** Waits until a request of `tokens` (estimated) may be sent; absent when unlimited. */
  acquire?: (tokens: number, signal?: AbortSignal) => Promise<void>;
  /** Tells the limits the real token count: `tokens` is real minus estimated. */
  settle?: (tokens: number) => Promise<void>;
}

/** What one item needs besides itself. */
export interface ItemRun {
  io: Io;
  onSecret: OnSecret;
  /** The batch's defaults for the items that set none. */
  system?: string;
  temperature?: number;
  maxTokens?: number;
  /** Most characters of a reply kept in its result. */
  keepLimit?: number;
  /** An item with its `"template"` applied (throws the item's error). */
  expandItem?: (item: BatchItem) => BatchItem;
  /** The model for an item (rejects with the item's error). */
  modelFor: (item: BatchItem) => Promise<ItemModel>;
  /** Ctrl-C: aborts the request. */
  signal?: AbortSignal;
}

/** Roughly four characters a token, the providers' own rule of thumb. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The item's result; `undefined` when Ctrl-C cut it short (`--resume` runs it again). */
export async function runBatchItem(
  given: BatchItem,
  run: ItemRun,
): Promise<BatchResult | undefined> {
  let item = given;
  try {
    item = run.expandItem?.(given) ?? given;
    const system = item.system ?? run.system;
    const runner = await run.modelFor(item);
    const model = guardedModel(runner.model, run.onSecret, (warning) => {
      run.io.message("warn", `Item ${JSON.stringify(item.id)}: ${warning}`);
    });
    const maxTokens = item.max_tokens ?? run.maxTokens;
    const estimate = estimateTokens((system ?? "") + item.prompt) + (maxTokens ?? 0);
    await runner.acquire?.(estimate, run.signal);
    const reply = await streamReply(model, {
      system,
      messages: [{ role: "user", content: item.prompt }],
      temperature: item.temperature ?? run.temperature,
      maxTokens,
      signal: run.signal,
    }, run.keepLimit);
    if (reply.usage && runner.settle) {
      const used = reply.usage.inputTokens + reply.usage.outputTokens;
      await runner.settle(used - estimate).catch(() => {});
    }
    return success(item.id, reply);
  } catch (error) {
    return run.signal?.aborted === true ? undefined : failure(item.id, error);
  }
}

interface StreamedReply {
  text: string;
  truncated: boolean;
  usage?: Usage;
  finishReason?: FinishReason;
}

/** The reply, redacted as it streams and kept only up to the bound (the result says when it was cut). */
async function streamReply(
  model: LanguageModel,
  request: Parameters<LanguageModel["stream"]>[0],
  keepLimit: number | undefined,
): Promise<StreamedReply> {
  const reply = new RedactedReply({ keepLimit });
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  for await (const event of model.stream(request)) {
    if (event.type === "text-delta") reply.push(event.text);
    else {
      usage = event.usage;
      finishReason = event.finishReason;
    }
  }
  reply.finish({ truncated: replyCutShort(finishReason) });
  return { text: reply.text, truncated: reply.truncated, usage, finishReason };
}

function success(id: BatchId, reply: StreamedReply): BatchResult {
  const { usage } = reply;
  return {
    id,
    text: reply.text,
    ...(reply.truncated ? { truncated: true as const } : {}),
    usage: usage
      ? {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cached_input_tokens: usage.cachedInputTokens,
      }
      : null,
    finish_reason: reply.finishReason ?? null,
  };
}

function failure(id: BatchId, error: unknown): BatchResult {
  const reported = reportedError(error);
  return {
    id,
    error: {
      message: reported.message,
      exit_code: reported.exitCode,
      error_type: errorTypeOf(reported.error),
    },
  };
}
