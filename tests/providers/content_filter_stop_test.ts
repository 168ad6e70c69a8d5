import assert from "node:assert/strict";
import { runCliPiped } from "../cli/_run_cli_piped.ts";
import { startGeminiFake } from "../fakes/gemini_fake.ts";
import { DEFAULT_REPLY, splitIntoChunks } from "../fakes/_fake_server.ts";
import { geminiKey } from "../credentials/_canaries.ts";

async function run(argv: string[], env: Record<string, string>) {
  const home = await Deno.makeTempDir({ prefix: "omn-filter-" });
  try {
    return await runCliPiped(argv, { env: { OMNIMANCER_HOME: home, ...env }, cwd: home });
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
