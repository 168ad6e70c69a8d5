import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";
import { startGeminiFake } from "../fakes/gemini_fake.ts";
import { DEFAULT_REPLY, splitIntoChunks } from "../fakes/_fake_server.ts";
import { geminiKey } from "../credentials/_canaries.ts";

async function run(argv: string[], env: Record<string, string>) {
  const home = await Deno.makeTempDir({ prefix: "omn-filter-" });
  try {
    let stderr = "";
    const chunks: Uint8Array[] = [];
    const decoder = new TextDecoder();
    const code = await runCli(argv, {
      streams: {
        stdin: new Blob([""]).stream(),
        stdout: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
        writeStderr: (bytes) => void (stderr += decoder.decode(bytes)),
        stdinIsTerminal: false,
        stdoutIsTerminal: false,
        stderrIsTerminal: false,
      },
      env: (name) => ({ OMNIMANCER_HOME: home, ...env })[name],
      cwd: home,
    });
    return { code, stderr, stdout: chunks.map((chunk) => decoder.decode(chunk)).join("") };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("gemini: SAFETY, RECITATION and PROHIBITED_CONTENT stops exit 1 naming the reason, the text kept", async () => {
  const key = geminiKey("FILTER");
  for (const reason of ["SAFETY", "RECITATION", "PROHIBITED_CONTENT"]) {
    await using fake = await startGeminiFake({
      apiKey: key,
      scenario: { streamError: "content-filter", reason, afterChunks: 1 },
    });
    const result = await run(
      ["ask", "--provider", "gemini", "--base-url", fake.baseURL, "hi"],
      { GEMINI_API_KEY: key },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, `${splitIntoChunks(DEFAULT_REPLY)[0]}\n`);
    assert.equal(
      result.stderr,
      `error: gemini stopped the reply: its content filter blocked it (${reason}); rephrase the prompt\n`,
    );
    assert.ok(!result.stderr.includes(key) && !result.stdout.includes(key));
  }
});
