import assert from "node:assert/strict";
import { providerMessage } from "../../src/net/provider_message.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart, patternCanaries } from "../security/_leak_checks.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("providerMessage: the message of each provider's JSON error shape, on one line", () => {
  assert.equal(
    providerMessage('{"error":{"message":"Rate limit\\n reached"}}'),
    "Rate limit reached",
  );
  assert.equal(providerMessage('{"type":"error","message":"Overloaded"}'), "Overloaded");
  assert.equal(providerMessage('{"Message":"Bedrock says no"}'), "Bedrock says no");
  assert.equal(providerMessage('[{"error":{"message":"Gemini says no"}}]'), "Gemini says no");
  assert.equal(providerMessage('{"error":"plain"}'), "plain");
  assert.equal(providerMessage(""), undefined);
  assert.equal(providerMessage(undefined), undefined);
});

Deno.test("providerMessage: a proxy's HTML page is named by its title, never dumped", () => {
  const nginx =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>";
  assert.equal(providerMessage(nginx), 'an HTML page "502 Bad Gateway"');
  assert.equal(
    providerMessage("<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"),
    'an HTML page "Service Unavailable"',
  );
  assert.equal(providerMessage("<html><body>down</body></html>"), "an HTML page");
});

Deno.test("providerMessage: other text is cut to 200 characters on one line", () => {
  assert.equal(providerMessage("upstream\nconnect error"), "upstream connect error");
  assert.equal(providerMessage("x".repeat(500)), `${"x".repeat(200)}…`);
});

Deno.test("providerMessage: a key cut by the excerpt is masked whole (redacted, then cut)", () => {
  clearKnownSecrets();
  const canaries = knownCanaries("PM");
  for (const canary of canaries) registerSecret(canary.value, "TEST_KEY");
  for (const canary of canaries) {
    // The case: a text body that ends with the key after 169 characters.
    for (let offset = 150; offset <= 205; offset++) {
      const body = `${"Invalid request: ".repeat(20).slice(0, offset)}${canary.value}`;
      const message = providerMessage(body) ?? "";
      assert.equal(leakedPart(message, canary), undefined, `${canary.name} at ${offset}`);
    }
    for (let offset = 50; offset <= 105; offset++) {
      const title = `${"Gateway error ".repeat(10).slice(0, offset)}${canary.value}`;
      const message = providerMessage(`<html><title>${title}</title></html>`) ?? "";
      assert.equal(
        leakedPart(message, canary),
        undefined,
        `${canary.name} in a title at ${offset}`,
      );
    }
  }
  clearKnownSecrets();
});

Deno.test("providerMessage: a key wrapped over lines or cut by spaces shows no part of it", () => {
  clearKnownSecrets();
  const known = knownCanaries("WRAP");
  for (const canary of known) registerSecret(canary.value, "TEST_KEY");
  const key = openaiProjectKey("WRAP");
  const canaries = [...known, ...patternCanaries("WRAP"), {
    name: "OpenAI key",
    value: key,
    publicPrefix: "sk-proj-",
  }];
  for (const canary of canaries) {
    for (const cut of [4, 12, canary.value.length - 10]) {
      const [head, rest] = [canary.value.slice(0, cut), canary.value.slice(cut)];
      const bodies = {
        "a JSON message over two lines": JSON.stringify({
          error: { message: `Incorrect API key provided:\n${head}\n${rest}` },
        }),
        "a text body wrapped at 40 columns": `Incorrect API key provided: ${canary.value}`
          .replace(/(.{40})/g, "$1\n"),
        "a text body cut by CRLF": `Incorrect API key provided: ${head}\r\n${rest}`,
      };
      // A key found by its prefix is also found cut by spaces after it (a known value is not).
      if (canary.publicPrefix !== "" && cut > canary.publicPrefix.length) {
        Object.assign(bodies, {
          "a text body cut by a space": `Incorrect API key provided: ${head} ${rest}`,
        });
      }
      for (const [what, body] of Object.entries(bodies)) {
        const message = providerMessage(body) ?? "";
        const part = leakedPart(message, canary);
        if (part !== undefined) assert.fail(`${canary.name} cut at ${cut}, ${what}: "${part}"`);
      }
    }
  }
  // A message without a split key is shown as before.
  assert.equal(providerMessage("upstream\nconnect error"), "upstream connect error");
  clearKnownSecrets();
});
