import assert from "node:assert/strict";
import { checkProxies } from "../../src/doctor/check_proxies.ts";
import { readProxySettings } from "../../src/net/proxy_settings.ts";

const allowed = (host: string) => host === "127.0.0.1:3128";

function check(env: Record<string, string>) {
  return checkProxies(readProxySettings((name) => env[name]), allowed);
}

Deno.test("doctor: no proxy variable, requests go directly", () => {
  assert.deepEqual(check({}), [{
    id: "proxy",
    status: "pass",
    detail: "no proxy variable is set: requests go directly",
  }]);
});

Deno.test("doctor: an allowed proxy passes, one outside the allowlist fails naming the variable", () => {
  const [pass] = check({ https_proxy: "http://127.0.0.1:3128", NO_PROXY: "corp.example" });
  assert.equal(pass.status, "pass");
  assert.match(pass.detail, /through https_proxy http:\/\/127\.0\.0\.1:3128\/ as a CONNECT tunnel/);
  assert.match(pass.detail, /except hosts in NO_PROXY \(corp\.example\)/);
  const [fail] = check({ ALL_PROXY: "http://user:CANARY-pw@127.0.0.2:3128" });
  assert.equal(fail.status, "fail");
  assert.match(fail.detail, /^Refusing the proxy in ALL_PROXY /);
  assert.match(fail.fix!, /OMNIMANCER_EXTRA_HOSTS.*unset ALL_PROXY/);
  assert.ok(!JSON.stringify(fail).includes("CANARY-pw"));
});

Deno.test("doctor: HTTP_PROXY, and ALL_PROXY beside HTTPS_PROXY, are reported as never used", () => {
  const checks = check({
    HTTP_PROXY: "http://127.0.0.2:1",
    HTTPS_PROXY: "http://127.0.0.1:3128",
    all_proxy: "http://127.0.0.2:2",
  });
  assert.deepEqual(checks.map((item) => [item.id, item.status]), [
    ["proxy.https", "pass"],
    ["proxy.unused.HTTP_PROXY", "pass"],
    ["proxy.unused.all_proxy", "pass"],
  ]);
});
