/**
 * The conversation store the `history` verbs work on, and their JSON printer.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import { configPaths } from "../config/paths.ts";
import { ConversationStore } from "./conversation_store.ts";

/** The config directory and the conversation store in it. */
export function openHistoryStore(context: CliContext): { dir: string; store: ConversationStore } {
  const dir = configPaths(context.env).dir;
  return { dir, store: new ConversationStore(dir, { now: context.now }) };
}

/** Writes a value as pretty JSON with a final newline. */
export async function writeJson(context: CliContext, value: unknown): Promise<void> {
  await context.io.write(`${JSON.stringify(value, null, 2)}\n`);
}
