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
import { decodePrivateKeyPem } from "../../src/secrets/decode_private_key_pem.ts";
import { pkcs8RsaProblem } from "../../src/secrets/pkcs8_rsa_problem.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { assertPemBodyNotShown, runWithEnv, vertexHomes } from "./_private_key_runs.ts";

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

// One service account (a real PKCS#8 RSA key) for every test of this file.
const realAccount = await createTestServiceAccount({ projectId: "omn-der-test" });
const realDer = decodePrivateKeyPem(realAccount.privateKeyPem);
assert.ok(realDer.ok);
const der = realDer.der;
const ecPair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
  "sign",
  "verify",
]);
const ecDer = new Uint8Array(await crypto.subtle.exportKey("pkcs8", ecPair.privateKey));

Deno.test("keys set vertex: a private_key that is base64 but not a PKCS#8 RSA key is refused on import", () => {
  // The whole key (the service account's: generating another RSA pair costs 0.1 to 1 s of CPU)
  // is accepted (control).
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

// The class, through every way a key is imported: keys set, the environment, the config file.

/** Base64-valid key bodies that are not a whole PKCS#8 RSA key: the class. */
const NOT_PKCS8_RSA: Record<string, string> = {
  "the last bytes cut": pem(der.slice(0, der.length - 3)),
  "cut in half": pem(der.slice(0, 600)),
  "bytes appended": pem(new Uint8Array([...der, 0, 0, 0])),
  "a length changed": pem(der.map((byte, index) => index === 1 ? byte ^ 0x01 : byte)),
  "an EC key": pem(ecDer),
  "random bytes": pem(new Uint8Array(1200).map((_, index) => (index * 131 + 7) % 256)),
  "a PKCS#1 body": realAccount.privateKeyPem.replaceAll("PRIVATE KEY", "RSA PRIVATE KEY"),
};

Deno.test("pkcs8RsaProblem: a real key passes; Web Crypto refuses every body it refuses", async () => {
  assert.equal(pkcs8RsaProblem(der), undefined);
  for (const [name, text] of Object.entries(NOT_PKCS8_RSA)) {
    const decoded = decodePrivateKeyPem(text);
    assert.ok(!decoded.ok, name);
  }
  for (const bytes of [der.slice(0, der.length - 3), ecDer]) {
    assert.notEqual(pkcs8RsaProblem(bytes), undefined);
    await assert.rejects(() =>
      crypto.subtle.importKey(
        "pkcs8",
        bytes,
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        [
          "sign",
        ],
      )
    );
  }
});

Deno.test("a private_key that is not a PKCS#8 RSA key: exit 3 naming the field from keys set, environment and config", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-der-test-" });
  try {
    const nextHome = vertexHomes(root, "omn-der-test");
    for (const [name, privateKey] of Object.entries(NOT_PKCS8_RSA)) {
      const text = JSON.stringify({
        ...realAccount.keyFile("https://oauth2.googleapis.com/token"),
        private_key: privateKey,
      });
      const home = await nextHome();
      const base = { OMNIMANCER_HOME: home };
      const imported = await runWithEnv(["keys", "set", "vertex", "--stdin"], base, text);
      assert.equal(imported.code, 3, `${name}: ${imported.stderr}`);
      assert.match(imported.stderr, /"private_key" is damaged/, name);
      assertPemBodyNotShown(privateKey, imported.stderr + imported.stdout);

      const fromEnv = await runWithEnv(["ask", "--provider", "vertex", "hi"], {
        ...base,
        OMNIMANCER_VERTEX_SERVICE_ACCOUNT: text,
      });
      assert.equal(fromEnv.code, 3, `${name}: ${fromEnv.stderr}`);
      assert.match(
        fromEnv.stderr,
        /OMNIMANCER_VERTEX_SERVICE_ACCOUNT.*"private_key" is damaged/,
        name,
      );
      assertPemBodyNotShown(privateKey, fromEnv.stderr + fromEnv.stdout);

      const configPath = `${home}/config.json`;
      const config = JSON.parse(await Deno.readTextFile(configPath));
      config.providers.vertex.service_account = text;
      await Deno.writeTextFile(configPath, JSON.stringify(config), { mode: 0o600 });
      const fromConfig = await runWithEnv(["ask", "--provider", "vertex", "hi"], base);
      assert.equal(fromConfig.code, 3, `${name}: ${fromConfig.stderr}`);
      assert.match(fromConfig.stderr, /from the config file: .*"private_key" is damaged/, name);
      assertPemBodyNotShown(privateKey, fromConfig.stderr + fromConfig.stdout);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
