import assert from "node:assert/strict";
import { decodePrivateKeyPem } from "../../src/secrets/decode_private_key_pem.ts";
import { checkKeyFormat } from "../../src/credentials/key_formats.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { assertPemBodyNotShown, runWithEnv, vertexHomes } from "./_private_key_runs.ts";

const account = await createTestServiceAccount({ projectId: "omn-pem-test" });
const keyLines = account.privateKeyLines.slice(1, -1);
const PEM = account.privateKeyLines.join("\n");

/** The key file with its PEM body damaged by `damage` (applied to the body lines). */
function damagedKeyFile(damage: (body: string[]) => string[]): string {
  const file = account.keyFile("https://oauth2.googleapis.com/token");
  const lines = file.private_key.trimEnd().split("\n");
  const body = damage(lines.slice(1, -1));
  return JSON.stringify({
    ...file,
    private_key: [lines[0], ...body, lines.at(-1), ""].join("\n"),
  });
}

/** Every way a PEM body can fail to be base64: the class, not one example. */
const DAMAGED: Record<string, string> = {
  "a character outside base64": damagedKeyFile((
    body,
  ) => [body[0].slice(0, 10) + "!" + body[0].slice(11), ...body.slice(1)]),
  "a missing character": damagedKeyFile((body) => [body[0].slice(1), ...body.slice(1)]),
  "padding in the middle": damagedKeyFile((
    body,
  ) => [body[0].slice(0, 62) + "==", ...body.slice(1)]),
  "a URL-safe character": damagedKeyFile((
    body,
  ) => [body[0].slice(0, 5) + "_" + body[0].slice(6), ...body.slice(1)]),
  "a non-ASCII character": damagedKeyFile((
    body,
  ) => [body[0].slice(0, 5) + "é" + body[0].slice(6), ...body.slice(1)]),
  "an empty body": damagedKeyFile(() => []),
};

Deno.test("decodePrivateKeyPem decodes a real PKCS#8 key to the bytes Web Crypto imports", async () => {
  const decoded = decodePrivateKeyPem(account.privateKeyPem);
  assert.ok(decoded.ok);
  await crypto.subtle.importKey(
    "pkcs8",
    decoded.der,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  assert.ok(decodePrivateKeyPem(account.privateKeyPem.replaceAll("\n", "\r\n")).ok);
});

Deno.test("decodePrivateKeyPem describes each problem without quoting the key", () => {
  for (const [name, text] of Object.entries(DAMAGED)) {
    const decoded = decodePrivateKeyPem(JSON.parse(text).private_key);
    assert.ok(!decoded.ok, name);
    assert.match(decoded.problem, /not valid base64|is empty/, name);
    for (const line of keyLines) assert.ok(!decoded.problem.includes(line.slice(0, 16)), name);
  }
  const mismatched = account.privateKeyPem.replace("END PRIVATE", "END RSA PRIVATE");
  assert.deepEqual(decodePrivateKeyPem(mismatched), {
    ok: false,
    problem: "its BEGIN and END lines do not match",
  });
  assert.match(
    (decodePrivateKeyPem("no armour") as { problem: string }).problem,
    /not PEM text/,
  );
});

Deno.test("checkKeyFormat refuses a service account whose private_key is not base64, naming the field", () => {
  assert.deepEqual(checkKeyFormat("vertex", "service_account", account.keyFileText("x")), {
    ok: true,
  });
  for (const [name, text] of Object.entries(DAMAGED)) {
    const result = checkKeyFormat("vertex", "service_account", text);
    assert.ok(!result.ok, name);
    assert.match(result.rule, /"private_key" is damaged/, name);
  }
});

Deno.test("a damaged private_key is refused with exit 3 naming the field: keys set, environment and config", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-pem-test-" });
  try {
    const nextHome = vertexHomes(root, "omn-pem-test");
    for (const [name, text] of Object.entries(DAMAGED)) {
      const home = await nextHome();
      const base = { OMNIMANCER_HOME: home };
      const imported = await runWithEnv(["keys", "set", "vertex", "--stdin"], base, text);
      assert.equal(imported.code, 3, `${name}: ${imported.stderr}`);
      assert.match(imported.stderr, /"private_key" is damaged/, name);
      assert.equal(imported.stderr.trim().split("\n").length, 1, name);
      assertPemBodyNotShown(PEM, imported.stderr + imported.stdout);

      const fromEnv = await runWithEnv(["ask", "--provider", "vertex", "hi"], {
        ...base,
        OMNIMANCER_VERTEX_SERVICE_ACCOUNT: text,
      });
      assert.equal(fromEnv.code, 3, `${name}: ${fromEnv.stderr}`);
      assert.match(fromEnv.stderr, /OMNIMANCER_VERTEX_SERVICE_ACCOUNT/, name);
      assert.match(fromEnv.stderr, /"private_key" is damaged/, name);
      assert.doesNotMatch(fromEnv.stderr, /Failed to decode base64/, name);
      assertPemBodyNotShown(PEM, fromEnv.stderr + fromEnv.stdout);

      const configPath = `${home}/config.json`;
      const config = JSON.parse(await Deno.readTextFile(configPath));
      config.providers.vertex.service_account = text;
      await Deno.writeTextFile(configPath, JSON.stringify(config), { mode: 0o600 });
      const fromConfig = await runWithEnv(["ask", "--provider", "vertex", "hi"], base);
      assert.equal(fromConfig.code, 3, `${name}: ${fromConfig.stderr}`);
      assert.match(fromConfig.stderr, /from the config file: .*"private_key" is damaged/, name);
      assertPemBodyNotShown(PEM, fromConfig.stderr + fromConfig.stdout);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("signing with a damaged private_key is a refusal (exit 3), not a raw base64 error", async () => {
  const { signAssertion, parseServiceAccount } = await import(
    "../../src/secrets/google_access_token.ts"
  );
  const { ExitCode, OmnError } = await import("../../src/core/errors.ts");
  for (const [name, text] of Object.entries(DAMAGED)) {
    await assert.rejects(signAssertion(parseServiceAccount(text), 0), (error: unknown) => {
      assert.ok(error instanceof OmnError, name);
      assert.equal(error.exitCode, ExitCode.Refused, name);
      assert.match(error.message, /"private_key" is damaged/, name);
      return true;
    });
  }
});
