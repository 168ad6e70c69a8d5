import assert from "node:assert/strict";
import { isAllowedEnvName } from "../../src/secrets/resolve_secret_ref.ts";
import { redact } from "../../src/security/redact.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { refusal, testResolver } from "./_resolver.ts";

Deno.test("env:// reads only variables of the permission set", async () => {
  const key = openaiProjectKey("ENVREF");
  const resolve = testResolver({
    env: { OMNIMANCER_TEAM_OPENAI: key, OPENAI_API_KEY: key, PATH: "/usr/bin:/bin:/sbin" },
  });
  const resolved = await resolve("env://OMNIMANCER_TEAM_OPENAI");
  assert.equal(resolved.value, key);
  assert.equal(resolved.ref.kind, "env");
  assert.equal((await resolve("env://OPENAI_API_KEY")).value, key);
  assert.ok(!redact(key).includes(key));
  const refused = await refusal(resolve("env://PATH"));
  assert.match(
    refused,
    /^Cannot resolve the secret reference "env:\/\/PATH" \(the environment\): reading the environment variable PATH is refused by omn's permission set/,
  );
  assert.ok(!refused.includes("/usr/bin"));
  assert.match(await refusal(resolve("env://OMNIMANCER_UNSET")), /OMNIMANCER_UNSET is not set/);
});

Deno.test("isAllowedEnvName follows the permission set, prefixes included", () => {
  for (const name of ["OMNIMANCER_X", "OPENAI_API_KEY", "VAULT_TOKEN", "AZURE_CLIENT_SECRET"]) {
    assert.ok(isAllowedEnvName(name), name);
  }
  for (const name of ["PATH", "SSH_AUTH_SOCK", "OMNIMANCE", "GITHUB_TOKEN"]) {
    assert.ok(!isAllowedEnvName(name), name);
  }
});

Deno.test("a malformed reference is a refusal that quotes it", async () => {
  const message = await refusal(testResolver()("vault://openai"));
  assert.match(message, /^Cannot parse secret reference "vault:\/\/openai": the field/);
});

Deno.test("a manager outside the permission set gets the one-line explanation", async () => {
  const fetch = () =>
    Promise.reject(
      new Deno.errors.NotCapable(
        'Requires net access to "vault.corp.example:8200", run again with the --allow-net flag',
      ),
    );
  const message = await refusal(
    testResolver({
      env: { VAULT_ADDR: "https://vault.corp.example:8200", VAULT_TOKEN: "hvs.0123456789abcdef" },
      fetch,
    })("vault://openai#key"),
  );
  assert.match(
    message,
    /^Cannot resolve the secret reference "vault:\/\/openai#key" \(HashiCorp Vault\): Connection to "vault.corp.example:8200" refused by omn's permission set: .*OMNIMANCER_EXTRA_HOSTS=vault.corp.example/,
  );
  assert.equal(message.split("\n").length, 1);
});
