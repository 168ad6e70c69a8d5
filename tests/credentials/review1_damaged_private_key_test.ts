/**
 * Adversarial review (issue 11 item 13): "validate the key on import and
 * exit 3 naming the field". A `private_key` whose PEM body is valid base64
 * but not a PKCS#8 RSA key (a key cut in half, random bytes) passes the
 * import check today (`omn keys set vertex --stdin` stores it, exit 0) and
 * fails only when Vertex is first used. The import check must decode the
 * key the way the signer does.
 *
 * @module
 */
import assert from "node:assert/strict";
import { checkKeyFormat } from "../../src/credentials/key_formats.ts";

function pem(der: Uint8Array): string {
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return ["-----BEGIN PRIVATE KEY-----", ...lines, "-----END PRIVATE KEY-----", ""].join("\n");
}

function account(privateKey: string): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "canary-project",
    private_key: privateKey,
    client_email: "canary@canary-project.iam.gserviceaccount.com",
  });
}

Deno.test("keys set vertex: a private_key that is base64 but not a PKCS#8 RSA key is refused on import", async () => {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  // The whole key is accepted (control).
  assert.deepEqual(checkKeyFormat("vertex", "service_account", account(pem(der))), { ok: true });
  const damaged: Record<string, Uint8Array> = {
    "cut in half": der.slice(0, Math.floor(der.length / 2) - (Math.floor(der.length / 2) % 3)),
    "random bytes": new Uint8Array(300).map((_, index) => (index * 37 + 11) % 256),
  };
  for (const [name, bytes] of Object.entries(damaged)) {
    const result = checkKeyFormat("vertex", "service_account", account(pem(bytes)));
    assert.equal(result.ok, false, `a private_key ${name} was accepted on import`);
    if (!result.ok) assert.match(result.rule, /private_key/, name);
  }
});
