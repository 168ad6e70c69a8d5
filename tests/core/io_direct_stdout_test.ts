import assert from "node:assert/strict";
import { createIo, processStreams } from "../../src/core/io.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

/**
 * An Io over `writeStdout` and `readStdin`, as the process's own: its
 * `stdin` and `stdout` streams throw when touched, proving that data and
 * piped input never go through a web stream.
 */
function directIo(
  options: {
    stdin?: string;
    stdoutIsTerminal?: boolean;
    writeStdout?: (bytes: Uint8Array) => Promise<void>;
  } = {},
) {
  const written: string[] = [];
  const decoder = new TextDecoder();
  const io = createIo({
    get stdin(): ReadableStream<Uint8Array> {
      throw new Error("stdin's stream was opened");
    },
    get stdout(): WritableStream<Uint8Array> {
      throw new Error("stdout's stream was opened");
    },
    writeStderr: () => {},
    writeStdout: options.writeStdout ??
      ((bytes) => Promise.resolve(void written.push(decoder.decode(bytes)))),
    readStdin: () => Promise.resolve(new TextEncoder().encode(options.stdin ?? "")),
    stdinIsTerminal: false,
    stdoutIsTerminal: options.stdoutIsTerminal ?? false,
    stderrIsTerminal: false,
  }, { quiet: false, verbose: false, color: false });
  return { io, stdout: () => written.join("") };
}

Deno.test("direct stdout: a key split across writes is masked; nothing touches a web stream", async () => {
  const key = openaiProjectKey("IODIRECT");
  const { io, stdout } = directIo();
  for (const piece of ["key: ", key.slice(0, 10), key.slice(10, 60), key.slice(60), " done\n"]) {
    await io.write(piece);
  }
  await io.close();
  assert.ok(!stdout().includes(key.slice(8, 20)), stdout());
  assert.equal(stdout(), "key: sk-proj-*** done\n");
});

Deno.test("direct stdout: a known secret is masked, and the held-back tail comes out at close", async () => {
  const secret = "CANARYiodirect-known-42";
  registerSecret(secret, "TEST_SECRET");
  try {
    const { io, stdout } = directIo();
    await io.write(`a ${secret.slice(0, 9)}`);
    await io.write(`${secret.slice(9)} b CANARYiod`);
    await io.close();
    assert.equal(stdout(), "a *** b CANARYiod");
  } finally {
    clearKnownSecrets();
  }
});

Deno.test("direct stdout: on a terminal, escape sequences split across writes are shown", async () => {
  const { io, stdout } = directIo({ stdoutIsTerminal: true });
  for (const character of "x\x1b]52;c;eA==\x07y\r") await io.write(character);
  await io.close();
  assert.equal(stdout(), "x^[]52;c;eA==^Gy^M");
});

Deno.test("direct stdout: after a write fails, later writes and close fail with its error", async () => {
  const broken = new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
  let calls = 0;
  const { io } = directIo({
    writeStdout: () => {
      calls++;
      return Promise.reject(broken);
    },
  });
  await io.write("first\n"); // handed to stdout; its failure comes with the next call
  await assert.rejects(io.close(), (error) => error === broken);
  await assert.rejects(io.write("second\n"), (error) => error === broken);
  await assert.rejects(io.close(), (error) => error === broken);
  assert.equal(calls, 1);
});

Deno.test("direct stdout: pieces that come during a write go out together, in order", async () => {
  const sent: string[] = [];
  const decoder = new TextDecoder();
  const { io } = directIo({
    writeStdout: async (bytes) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sent.push(decoder.decode(bytes));
    },
  });
  const words = "a streamed reply comes in many small pieces, one word at a time\n".split(/(?<= )/);
  for (const word of words) await io.write(word);
  await io.close();
  assert.equal(sent.join(""), words.join(""));
  assert.ok(sent.length < words.length / 2, `${sent.length} writes for ${words.length} pieces`);
});

Deno.test("direct stdout: past the backlog, a write waits for stdout", async () => {
  let finished = 0;
  const { io } = directIo({
    writeStdout: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      finished++;
    },
  });
  await io.write("first line\n"); // goes out at once
  assert.equal(finished, 0);
  await io.write(`${"y ".repeat(35_000)}\n`); // more than the backlog: waits for stdout
  assert.ok(finished >= 1, "the write in progress finished first");
  await io.close();
  assert.equal(finished, 2);
});

Deno.test("direct stdin: read whole and decoded, without the stdin stream", async () => {
  const { io } = directIo({ stdin: "piped é 😀\n" });
  assert.equal(await io.readAllStdin(), "piped é 😀\n");
});

Deno.test("the process's streams open on first use only", () => {
  const streams = processStreams();
  for (const name of ["stdin", "stdout"] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(streams, name);
    assert.ok(descriptor?.get !== undefined, `${name} is a getter`);
  }
  assert.equal(typeof streams.writeStdout, "function");
  assert.equal(typeof streams.readStdin, "function");
});
