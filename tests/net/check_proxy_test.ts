import assert from "node:assert/strict";
import { checkProxy, isPermittedHost } from "../../src/net/check_proxy.ts";
import { ExitCode, RefusalError } from "../../src/core/errors.ts";

const allowed = new Set([
  "127.0.0.1:3128",
  "proxy.corp.example:443",
  "proxy.corp.example:3128",
  "127.0.0.1:80",
]);
const isAllowed = (host: string) => allowed.has(host);

function refusal(variable: string, value: string): string {
  try {
    checkProxy({ variable, value }, isAllowed);
  } catch (error) {
    assert.ok(error instanceof RefusalError);
    assert.equal(error.exitCode, ExitCode.Refused);
    assert.equal(error.message.split("\n").length, 1);
    return error.message;
  }
  assert.fail(`${variable}=${value} was accepted`);
}

Deno.test("an allowed proxy becomes a Deno proxy, its credentials apart", () => {
  assert.deepEqual(checkProxy({ variable: "HTTPS_PROXY", value: "127.0.0.1:3128" }, isAllowed), {
    url: "http://127.0.0.1:3128",
  });
  assert.deepEqual(checkProxy({ variable: "HTTPS_PROXY", value: "http://127.0.0.1" }, isAllowed), {
    url: "http://127.0.0.1",
  });
  assert.deepEqual(
    checkProxy(
      { variable: "https_proxy", value: "https://me:p%40ss@proxy.corp.example" },
      isAllowed,
    ),
    { url: "https://proxy.corp.example", basicAuth: { username: "me", password: "p@ss" } },
  );
  assert.deepEqual(
    checkProxy({ variable: "ALL_PROXY", value: "http://me:CANARY-pass@127.0.0.1:3128" }, isAllowed),
    { url: "http://127.0.0.1:3128", basicAuth: { username: "me", password: "CANARY-pass" } },
  );
});

Deno.test("a proxy outside the allowlist is refused, naming the variable and never its password", () => {
  for (const variable of ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]) {
    for (
      const value of [
        "http://127.0.0.2:3128",
        "127.0.0.2:3128",
        "socks5://127.0.0.2:1080",
        "socks5h://user:CANARY-pass@127.0.0.2",
        "https://evil.example",
        "http://proxy.corp.example:8080",
      ]
    ) {
      const message = refusal(variable, value);
      assert.match(message, new RegExp(`^Refusing the proxy in ${variable} "`));
      assert.match(
        message,
        /is not a host omn may connect to \(add it to OMNIMANCER_EXTRA_HOSTS\)/,
      );
      assert.match(message, new RegExp(`unset ${variable}$`));
      assert.ok(!message.includes("CANARY-pass"));
    }
  }
});

Deno.test("a proxy password never travels in clear to another machine", () => {
  const message = refusal("HTTPS_PROXY", "http://me:CANARY-pass@proxy.corp.example:3128");
  assert.match(message, /its password would travel in clear/);
  assert.ok(!message.includes("CANARY-pass"));
  assert.match(refusal("ALL_PROXY", "socks5://me:CANARY-pass@proxy.corp.example:3128"), /in clear/);
});

Deno.test("a proxy that is not a usable URL is refused", () => {
  assert.match(refusal("HTTPS_PROXY", "ftp://127.0.0.1:3128"), /supports http:\/\/, https:\/\//);
  assert.match(refusal("HTTPS_PROXY", "unix:/run/proxy.sock"), /supports http:\/\//);
  assert.match(refusal("HTTPS_PROXY", "vsock:3:1024"), /supports http:\/\//);
  assert.match(refusal("HTTPS_PROXY", "http://[zz"), /not a URL/);
  assert.match(
    refusal("HTTPS_PROXY", "http://me:CANARY%zz@127.0.0.1:3128"),
    /not valid percent-encoding/,
  );
});

Deno.test("isPermittedHost answers from the running permission set", () => {
  assert.equal(isPermittedHost("127.0.0.1:3128"), true);
  assert.equal(isPermittedHost("127.0.0.2:3128"), false);
});
