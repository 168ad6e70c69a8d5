import assert from "node:assert/strict";
import { providerMessage } from "../../src/net/provider_message.ts";

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
