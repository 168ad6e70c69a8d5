import assert from "node:assert/strict";
import { InputHistory } from "../../src/history/input_history.ts";
import { runChatTerminal } from "../../src/chat/run_chat_terminal.ts";
import type { Terminal } from "../../src/chat/terminal.ts";
import { createIo } from "../../src/core/io.ts";
import { InterruptedError } from "../../src/core/errors.ts";
import { ChatSession } from "../../src/chat/chat_session.ts";
import { ReplyWriter } from "../../src/chat/reply_writer.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { newConversation } from "../../src/history/conversation.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { testModel } from "./_chat_helpers.ts";

/** A session on a fake terminal whose keys the test types. */
async function onFakeTerminal(options: { stall?: boolean; stop?: AbortSignal } = {}) {
  const root = await Deno.makeTempDir({ prefix: "omn-chat-terminal-" });
  const home = `${root}/home`;
  let typeInto!: ReadableStreamDefaultController<Uint8Array>;
  const stdin = new ReadableStream<Uint8Array>({
    start: (controller) => void (typeInto = controller),
  });
  let stdout = "";
  let stderr = "";
  const decoder = new TextDecoder();
  const io = createIo({
    stdin,
    stdout: new WritableStream({ write: (chunk) => void (stdout += decoder.decode(chunk)) }),
    writeStderr: (bytes) => void (stderr += decoder.decode(bytes)),
    stdinIsTerminal: true,
    stdoutIsTerminal: true,
    stderrIsTerminal: true,
  }, { quiet: false, verbose: false, color: false });
  let screen = "";
  const raw: boolean[] = [];
  const terminal: Terminal = {
    setRaw: (on) => void raw.push(on),
    write: (text) => void (screen += text),
    columns: () => 80,
  };
  const model = testModel({ stall: options.stall });
  const store = new ConversationStore(home);
  const session = new ChatSession({
    io,
    output: new ReplyWriter(io.rawStdout),
    model,
    openModel: () => Promise.resolve(model),
    store,
    conversation: newConversation("c0ffee00-0000-4000-8000-000000000000", new Date()),
    history: { enabled: true, retentionDays: 30 },
    onSecret: "redact",
    now: () => new Date(),
  });
  const inputHistory = await InputHistory.load(home, { write: true });
  const done = runChatTerminal(session, { io, terminal, inputHistory, stop: options.stop });
  return {
    session,
    model,
    raw,
    done,
    home,
    inputHistory,
    screen: () => screen,
    stdout: () => stdout,
    stderr: () => stderr,
    type: (text: string) => typeInto.enqueue(new TextEncoder().encode(text)),
    /** Lets the session run until `condition` holds (no time limit: a busy machine is slow). */
    async until(condition: () => boolean) {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

Deno.test("terminal chat: raw mode for the session, a reply per message, /exit ends", async () => {
  await using chat = await onFakeTerminal();
  chat.type("hello world\r");
  await chat.until(() => chat.stdout().includes("deterministic.\n"));
  chat.type("/exit\r");
  await chat.done;
  assert.deepEqual(chat.raw, [true, false]);
  assert.match(chat.stderr(), /omn chat with mock\/mock-1, conversation c0ffee00/);
  assert.match(chat.screen(), /> hello world/);
  assert.match(chat.stdout(), /starting "hello world"/);
  assert.equal(chat.session.conversation.messages.length, 2);
});

Deno.test("terminal chat: Ctrl-C stops a reply and the session goes on; Ctrl-D ends it", async () => {
  await using chat = await onFakeTerminal({ stall: true });
  chat.type("tell me\r");
  await chat.until(() => chat.stdout().includes("Partial"));
  chat.type("\x03");
  await chat.until(() => chat.stderr().includes("Reply stopped; the session goes on"));
  assert.equal(chat.stdout(), "Partial \n");
  // Stopped as Ctrl-C is anywhere, so that the usage ledger records the request as interrupted.
  assert.ok(chat.model.requests[0].signal?.reason instanceof InterruptedError);
  chat.type("\x03");
  await chat.until(() => chat.stderr().includes("(Ctrl-D or /exit to quit)"));
  chat.type("\x04");
  await chat.done;
  assert.deepEqual(chat.raw, [true, false]);
  assert.deepEqual(chat.session.conversation.messages.map((message) => message.content), [
    "tell me",
    "Partial ",
  ]);
});

Deno.test("terminal chat: continued lines, history recall, errors shown and the session goes on", async () => {
  await using chat = await onFakeTerminal();
  chat.type("one\\\r");
  chat.type("two\r");
  await chat.until(() => chat.stdout().includes("deterministic.\n"));
  chat.type("/bogus\r");
  await chat.until(() => chat.stderr().includes('Unknown command "/bogus"'));
  chat.type("\x1b[A\x1b[A\x1b[A\r");
  await chat.until(() => chat.screen().includes("… "));
  chat.type("three\r");
  await chat.until(() => chat.stdout().split("deterministic.").length === 3);
  chat.type("/exit\r");
  await chat.done;
  assert.deepEqual(chat.model.requests.map((request) => request.messages.at(-1)!.content), [
    "one\ntwo",
    "one\nthree",
  ]);
  assert.deepEqual(chat.inputHistory.entries, [
    "one\\",
    "two",
    "/bogus",
    "one\\",
    "three",
    "/exit",
  ]);
});

Deno.test("terminal chat: a pasted secret is drawn masked and kept masked in the input history", async () => {
  await using chat = await onFakeTerminal();
  const canary = openaiProjectKey("PASTE");
  chat.type(`key ${canary}\r`);
  await chat.until(() => chat.stdout().includes("deterministic.\n"));
  chat.type("/exit\r");
  await chat.done;
  for (
    const [where, text] of Object.entries({
      screen: chat.screen(),
      stdout: chat.stdout(),
      stderr: chat.stderr(),
    })
  ) {
    assert.ok(!text.includes(canary.slice(0, 24)), where);
  }
  const files = [
    await Deno.readTextFile(`${chat.home}/chat_history.jsonl`),
    await Deno.readTextFile(`${chat.home}/conversations/c0ffee00-0000-4000-8000-000000000000.json`),
  ];
  for (const file of files) {
    assert.ok(!file.includes(canary.slice(0, 24)));
    assert.match(file, /sk-proj-\*\*\*/);
  }
});

Deno.test("terminal chat: a signal from outside stops the reply, ends the session and restores the terminal", async () => {
  const stop = new AbortController();
  await using chat = await onFakeTerminal({ stall: true, stop: stop.signal });
  chat.type("tell me\r");
  await chat.until(() => chat.stdout().includes("Partial"));
  stop.abort(new InterruptedError());
  await assert.rejects(() => chat.done, InterruptedError);
  assert.deepEqual(chat.raw, [true, false]);
  assert.ok(!chat.stderr().includes("the session goes on"));
});
