import assert from "node:assert/strict";
import { childEnv, DENO_DIR, runtimeEnv } from "./_child_env.ts";
import { toolAvailable } from "../_support/tool_available.ts";

const parent: Record<string, string> = {
  HOME: "/home/someone",
  OPENAI_API_KEY: "sk-proj-CANARYCHILDENV",
  OMNIMANCER_HOME: "/home/someone/.omnimancer",
  SSL_CERT_FILE: "/etc/ssl/certs/ca.pem",
  DENO_CERT: "/etc/ssl/extra.pem",
  NPM_CONFIG_REGISTRY: "https://registry.example/",
  HTTPS_PROXY: "http://proxy.example:3128",
  NO_PROXY: "internal.example",
};

Deno.test("runtimeEnv keeps the runtime's cache, certificates, npm settings and proxies, nothing else", () => {
  const env = runtimeEnv({}, (name) => parent[name], "/cache/deno");
  assert.deepEqual(env, {
    DENO_DIR: "/cache/deno",
    SSL_CERT_FILE: "/etc/ssl/certs/ca.pem",
    DENO_CERT: "/etc/ssl/extra.pem",
    NPM_CONFIG_REGISTRY: "https://registry.example/",
    HTTPS_PROXY: "http://proxy.example:3128",
    NO_PROXY: "internal.example,127.0.0.1,localhost,::1",
    no_proxy: "127.0.0.1,localhost,::1",
  });
});

Deno.test("runtimeEnv leaves the proxies to a test that sets its own", () => {
  const env = runtimeEnv({ HTTP_PROXY: "http://127.0.0.1:1" }, (name) => parent[name], "/c");
  assert.deepEqual(Object.keys(env).sort(), [
    "DENO_CERT",
    "DENO_DIR",
    "NPM_CONFIG_REGISTRY",
    "SSL_CERT_FILE",
  ]);
});

Deno.test("childEnv: the test's variables win; the program never inherits a credential or HOME", () => {
  const env = childEnv({ OMNIMANCER_HOME: "/tmp/x", NO_COLOR: "1" });
  assert.equal(env.OMNIMANCER_HOME, "/tmp/x");
  assert.equal(env.NO_COLOR, "1");
  assert.ok(env.PATH);
  for (const name of Object.keys(env)) {
    assert.ok(!/API_KEY|TOKEN$|SECRET/.test(name) || name === "DENO_AUTH_TOKENS", name);
  }
  assert.equal(env.HOME, undefined);
  if (DENO_DIR) assert.equal(env.DENO_DIR, DENO_DIR);
});

Deno.test("DENO_DIR is this process's deno cache, whatever HOME says", async () => {
  const output = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  assert.equal(DENO_DIR, JSON.parse(new TextDecoder().decode(output.stdout)).denoDir);
});

Deno.test("toolAvailable never throws: a missing tool is false, a present one true", async () => {
  assert.equal(await toolAvailable("omn-no-such-tool-anywhere"), false);
  assert.equal(await toolAvailable("/nonexistent/path/tool"), false);
  assert.equal(await toolAvailable(Deno.execPath(), ["--version"]), true);
  assert.equal(await toolAvailable(Deno.execPath(), ["no-such-subcommand"]), false);
});
