import assert from "node:assert/strict";
import { PROXY_ENV_NAMES, readProxySettings } from "../../src/net/proxy_settings.ts";
import { ENV_NAMES } from "../../src/permissions/permission_set.ts";

Deno.test("readProxySettings reads each spelling, upper case first, empty as unset", () => {
  const env: Record<string, string> = {
    https_proxy: "http://lower:1",
    HTTP_PROXY: " ",
    http_proxy: "http://lower-http:2",
    ALL_PROXY: "socks5://all:3",
    all_proxy: "socks5://lower-all:4",
    no_proxy: " Corp.Example, ,10.0.0.0/8 ",
  };
  assert.deepEqual(readProxySettings((name) => env[name]), {
    https: { variable: "https_proxy", value: "http://lower:1" },
    http: { variable: "http_proxy", value: "http://lower-http:2" },
    all: { variable: "ALL_PROXY", value: "socks5://all:3" },
    noProxy: ["corp.example", "10.0.0.0/8"],
  });
  assert.deepEqual(readProxySettings(() => undefined), { noProxy: [] });
});

Deno.test("the permission set lets omn read every proxy variable (Deno applies them regardless)", () => {
  for (const name of PROXY_ENV_NAMES) assert.ok(ENV_NAMES.includes(name), name);
});
