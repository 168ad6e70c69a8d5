import assert from "node:assert/strict";
import { providerMessage } from "../../src/net/provider_message.ts";
import { clearKnownSecrets, registerSecret } from "../../src/security/redact.ts";
import { knownCanaries, leakedPart } from "../security/_leak_checks.ts";

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
