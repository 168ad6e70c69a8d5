import assert from "node:assert/strict";
import { OmnError } from "../../src/core/errors.ts";
import { createRetryingFetch } from "../../src/net/retrying_fetch.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { pad } from "../credentials/_canaries.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

/** The most bytes of an error body omn reads (`ERROR_BODY_LIMIT`). */
const LIMIT = 64 * 1024;

Deno.test("an error body cut at 64 KiB never shows the part of a key before the cut", async () => {
  clearKnownSecrets();
  // Copies of a long known secret fill the body and shrink to "***" once masked, so that
  // the excerpt of the message reaches the cut; a key then straddles the cut.
  const long = pad("CANARYFILL", Math.floor((LIMIT - 100) / 16) - 1, "qwertyuiop");
  registerSecret(long, "FILL_SECRET");
  const filling = `${long}\n`.repeat(16);
  for (const canary of knownCanaries("BODY")) {
    registerSecret(canary.value, "TEST_KEY");
    for (let kept = 1; kept < canary.value.length; kept += 3) {
      const lead = "x ".repeat(800).slice(0, LIMIT - filling.length - kept);
      const body = `${filling}${lead}${canary.value} tail`;
      assert.equal(new TextEncoder().encode(body.slice(0, LIMIT)).length, LIMIT);
      const fetch = createRetryingFetch({
        provider: "openai",
        fetch: () => Promise.resolve(new Response(body, { status: 503 })),
        random: () => 0,
        now: () => 0,
        maxRetries: 0,
      });
      let message = "";
      try {
        await fetch("http://127.0.0.1:9/v1/chat/completions", { method: "POST", body: "{}" });
        assert.fail("it did not reject");
      } catch (error) {
        assert.ok(error instanceof OmnError);
        message = error.message;
      }
      assert.match(message, /^openai returned 503: \*\*\*/);
      assert.equal(leakedPart(message, canary), undefined, `${canary.name}: ${kept} kept`);
    }
  }
  clearKnownSecrets();
});
