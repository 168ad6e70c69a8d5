/**
 * `omn history purge --yes`: removes every conversation and the chat input history.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { UsageError } from "../core/errors.ts";
import { inputHistoryPath } from "./input_history.ts";
import { openHistoryStore, writeJson } from "./_history_store.ts";

/** The inputs of `omn history purge`. */
export interface HistoryPurgeOptions {
  /** `--yes`: the confirmation, required. */
  yes: boolean;
  json: boolean;
}

/** Removes every conversation and the input history; refuses without `yes`. */
export async function runHistoryPurge(
  options: HistoryPurgeOptions,
  context: CliContext,
): Promise<void> {
  if (!options.yes) {
    throw new UsageError(
      'Refusing to remove every conversation without confirmation: run "omn history purge --yes"',
    );
  }
  const { dir, store } = openHistoryStore(context);
  const removed = await store.removeAll();
  let inputHistory = true;
  await Deno.remove(inputHistoryPath(dir)).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    inputHistory = false;
  });
  if (options.json) {
    return await writeJson(context, { removed, input_history_removed: inputHistory });
  }
  context.io.message(
    "info",
    `Removed ${removed} conversation${removed === 1 ? "" : "s"}` +
      (inputHistory ? " and the chat input history" : ""),
  );
}
