/**
 * `omn chat` on a terminal: a line editor with input history, a spinner
 * until the reply starts, Ctrl-C to stop a reply and keep the session,
 * Ctrl-D on an empty line or `/exit` to end it.
 *
 * Standard input stays in raw mode for the whole session, so Ctrl-C arrives
 * as a key, never as a signal, whether a line is being typed or a reply is
 * streaming. Errors are shown and the session goes on.
 *
 * @module
 */
import type { Io } from "../core/io.ts";
import { InterruptedError } from "../core/errors.ts";
import type { ChatSession } from "./chat_session.ts";
import type { InputHistory } from "../history/input_history.ts";
import { type EditResult, LineEditor } from "./line_editor.ts";
import { LineJoiner } from "./line_joiner.ts";
import { parseChatInput } from "./parse_chat_input.ts";
import { startSpinner } from "./start_spinner.ts";
import type { Terminal } from "./terminal.ts";
import { TerminalKeys } from "./terminal_keys.ts";

/** What the interactive front end needs besides the session. */
export interface TerminalChatDependencies {
  io: Io;
  terminal: Terminal;
  inputHistory: InputHistory;
  /** Aborted by SIGTERM or SIGINT from outside: the reply stops and the session ends. */
  stop?: AbortSignal;
}

/** The prompts of a first line and of a continued one. */
const PROMPT = "> ";
const CONTINUED = "… ";

/**
 * Runs a session on the terminal until Ctrl-D or `/exit`.
 *
 * @throws the reason of `stop` when it ends the session.
 */
export async function runChatTerminal(
  session: ChatSession,
  dependencies: TerminalChatDependencies,
): Promise<void> {
  const { io, terminal } = dependencies;
  io.message(
    "info",
    `omn chat with ${session.model.provider}/${session.model.modelId}, conversation ` +
      `${session.conversation.id}: /help for commands, Ctrl-D or /exit to quit`,
  );
  terminal.setRaw(true);
  const keys = new TerminalKeys(io.stdin);
  const stop = dependencies.stop;
  const end = () => keys.end();
  stop?.addEventListener("abort", end, { once: true });
  try {
    for (;;) {
      const text = await readMessage(keys, dependencies);
      if (text === null) break;
      if (text.trim() === "") continue;
      const input = parseChatInput(text);
      if (input.kind === "command") {
        try {
          if (await session.command(input.name, input.argument) === "exit") break;
        } catch (error) {
          report(io, error);
        }
      } else {
        await sendInterruptibly(session, input.text, keys, io, stop);
      }
    }
  } finally {
    stop?.removeEventListener("abort", end);
    terminal.setRaw(false);
    await keys.close();
  }
  stop?.throwIfAborted();
}

/** Sends a message; Ctrl-C stops the reply. */
async function sendInterruptibly(
  session: ChatSession,
  text: string,
  keys: TerminalKeys,
  io: Io,
  stop: AbortSignal | undefined,
): Promise<void> {
  const controller = new AbortController();
  // Aborted as Ctrl-C elsewhere is (src/core/interrupts.ts): the stopped request is recorded so.
  keys.onInterrupt = () => controller.abort(new InterruptedError("interrupted"));
  const stopSpinner = startSpinner(io, session.model.modelId);
  try {
    const outcome = await session.send(text, {
      signal: stop ? AbortSignal.any([controller.signal, stop]) : controller.signal,
      onFirstText: stopSpinner,
    });
    stopSpinner();
    if (outcome === "interrupted" && !stop?.aborted) {
      io.message("info", "Reply stopped; the session goes on");
    }
  } catch (error) {
    stopSpinner();
    report(io, error);
  } finally {
    keys.onInterrupt = undefined;
  }
}

/** Reads one message (several lines when continued); `null` at Ctrl-D or the end of input. */
async function readMessage(
  keys: TerminalKeys,
  { io, terminal, inputHistory }: TerminalChatDependencies,
): Promise<string | null> {
  const joiner = new LineJoiner();
  for (;;) {
    const editor = new LineEditor(joiner.pending ? CONTINUED : PROMPT, inputHistory.entries);
    terminal.write(editor.render(terminal.columns()));
    const result = await editLine(editor, keys, terminal);
    terminal.write(editor.finish(terminal.columns()));
    if (result === "end") return null;
    if (result === "cancel") {
      if (!joiner.pending && editor.text === "") io.message("info", "(Ctrl-D or /exit to quit)");
      return "";
    }
    await inputHistory.add(editor.text);
    const message = joiner.push(editor.text);
    if (message !== undefined) return message;
  }
}

/** Feeds keys to the editor until the line is submitted, cancelled or ended. */
async function editLine(
  editor: LineEditor,
  keys: TerminalKeys,
  terminal: Terminal,
): Promise<Exclude<EditResult, undefined>> {
  for (;;) {
    const key = await keys.next();
    if (key === null) return "end";
    let result = editor.handle(key);
    // Everything already received (a paste) is applied before one redraw.
    while (result === undefined) {
      const more = keys.take();
      if (more === undefined) break;
      result = editor.handle(more);
    }
    terminal.write(editor.render(terminal.columns()));
    if (result !== undefined) return result;
  }
}

function report(io: Io, error: unknown): void {
  io.message("error", error instanceof Error ? error.message : String(error));
}
