/**
 * `omn chat` without a terminal: one message per line of stdin (a line
 * ending in `\` goes on), one reply per message on stdout, `/` commands
 * as on a terminal. The first error ends the run with its exit code, so a
 * script notices; so does Ctrl-C (`stop`), once the reply received so far
 * is printed.
 *
 * @module
 */
import type { Io } from "../core/io.ts";
import type { ChatSession } from "./chat_session.ts";
import { LineJoiner } from "./line_joiner.ts";
import { parseChatInput } from "./parse_chat_input.ts";

/**
 * Runs a session over piped stdin until its end or `/exit`.
 *
 * @throws the reason of `stop` when it aborts, and the first error.
 */
export async function runChatPiped(
  session: ChatSession,
  io: Io,
  stop?: AbortSignal,
): Promise<void> {
  const joiner = new LineJoiner();
  for await (const line of readLines(io.stdin, stop)) {
    const message = joiner.push(line);
    if (message !== undefined && await handle(session, message, stop) === "exit") return;
  }
  const rest = joiner.flush();
  if (rest !== undefined) await handle(session, rest, stop);
}

async function handle(
  session: ChatSession,
  text: string,
  stop: AbortSignal | undefined,
): Promise<"exit" | void> {
  stop?.throwIfAborted();
  if (text.trim() === "") return;
  const input = parseChatInput(text);
  if (input.kind === "command") {
    if (await session.command(input.name, input.argument) === "exit") return "exit";
  } else {
    await session.send(input.text, { signal: stop });
    stop?.throwIfAborted();
  }
}

/** The lines of a byte stream, without their line breaks; `stop` ends the reading. */
async function* readLines(
  stream: ReadableStream<Uint8Array>,
  stop: AbortSignal | undefined,
): AsyncIterable<string> {
  let buffered = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream(), { signal: stop })) {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, end).replace(/\r$/, "");
      buffered = buffered.slice(end + 1);
    }
  }
  if (buffered !== "") yield buffered.replace(/\r$/, "");
}
