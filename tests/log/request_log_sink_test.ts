import assert from "node:assert/strict";
import { runCliPiped } from "../cli/_run_cli_piped.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

function run(argv: string[], home: string, env: Record<string, string>) {
  return runCliPiped(argv, { env: { OMNIMANCER_HOME: home, ...env }, cwd: home });
}

const REQUEST_LINE =
  /^debug: request openai POST 127\.0\.0\.1:\d+\/v1\/chat\/completions: 200, \d+ bytes, first byte \d+(\.\d+)? m?s, total \d+(\.\d+)? m?s, (no retry|1 retry \(429\))$/m;

Deno.test("-v and --log-level debug: one redacted line per request on stderr, and the same in --log-file", async () => {
  const key = openaiProjectKey("DEBUG");
  const home = await Deno.makeTempDir({ prefix: "omn-request-log-" });
  try {
    await using fake = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
    const ask = ["ask", "--provider", "openai", "--base-url", fake.baseURL, "hi"];
    const verbose = await run(["-v", ...ask], home, { OPENAI_API_KEY: key });
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.match(verbose.stderr, REQUEST_LINE);
    assert.equal(verbose.stderr.match(/^debug: request /gm)?.length, 1);

    const logged = await run(
      ["--log-level", "debug", "--log-file", `${home}/omn.log`, ...ask],
      home,
      { OPENAI_API_KEY: key },
    );
    assert.equal(logged.code, 0, logged.stderr);
    assert.match(logged.stderr, REQUEST_LINE);
    const log = await Deno.readTextFile(`${home}/omn.log`);
    assert.match(log, / debug request openai POST 127\.0\.0\.1:\d+\/v1\/chat\/completions: 200, /);

    const quiet = await run(ask, home, { OPENAI_API_KEY: key });
    assert.doesNotMatch(quiet.stderr, /request openai/);
    for (const text of [verbose.stderr, logged.stderr, log]) {
      assert.ok(!text.includes(key.slice(0, 20)), "the key never appears");
      assert.ok(!text.includes(key.slice(-20)), "nor its end");
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
