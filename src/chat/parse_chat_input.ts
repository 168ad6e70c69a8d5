/**
 * What one message typed into `omn chat` is: a command (`/name argument`)
 * or text for the model. Pure.
 *
 * @module
 */

/** The commands of `omn chat`, with their help. */
export const CHAT_COMMANDS: readonly (readonly [usage: string, help: string])[] = [
  ["/help", "this list"],
  ["/provider [NAME]", "switch to another provider (its default model), or show the current one"],
  ["/model [NAME]", "switch model; an alias or PROVIDER/MODEL switches provider too"],
  ["/system [TEXT]", "set the system prompt; without TEXT, remove it"],
  ["/usage", "tokens and cost of this session"],
  ["/save NAME", "save the conversation as NAME (letters, digits, _ and -)"],
  ["/load NAME", "go on from a saved conversation (a NAME or an id from omn history list)"],
  ["/clear", "start a new conversation"],
  ["/exit", "end the session (also /quit, Ctrl-D)"],
];

/** One parsed input. */
export type ChatInput =
  | { kind: "message"; text: string }
  | { kind: "command"; name: string; argument: string };

/**
 * Parses one input. A line starting with `/` is a command; `//` sends the
 * text with one `/` removed.
 *
 * @example
 * ```ts
 * import { parseChatInput } from "./parse_chat_input.ts";
 * parseChatInput("/model gpt-4o"); // { kind: "command", name: "model", argument: "gpt-4o" }
 * parseChatInput("//etc is a path"); // { kind: "message", text: "/etc is a path" }
 * ```
 */
export function parseChatInput(text: string): ChatInput {
  if (text.startsWith("//")) return { kind: "message", text: text.slice(1) };
  if (!text.startsWith("/")) return { kind: "message", text };
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(text)!;
  return { kind: "command", name: match[1].toLowerCase(), argument: match[2].trim() };
}
