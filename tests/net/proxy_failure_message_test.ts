import assert from "node:assert/strict";
import { createProxyRouting } from "../../src/net/proxy_routing.ts";
import { readProxySettings } from "../../src/net/proxy_settings.ts";
import { createSecureFetch } from "../../src/net/secure_fetch.ts";
import { OmnError } from "../../src/core/errors.ts";

const PASSWORD = "CANARYproxyPassword42";

/** A routing of `variables` that never opens a socket (its client is a stub). */
function routing(variables: Record<string, string>) {
  return createProxyRouting(readProxySettings((name) => variables[name]), {
    isAllowedHost: () => true,
    createClient: () => ({ close() {} }) as unknown as Deno.HttpClient,
  });
}

/** Deno's fetch error for a refused connection. */
function refused(): Promise<Response> {
  return Promise.reject(
    new TypeError("fetch failed", {
      cause: new Error(
        "error sending request for url (https://api.openai.com/v1/chat/completions): client error (Connect): tcp connect error: Connection refused (os error 111)",
      ),
    }),
  );
}

Deno.test("a failed connection through a proxy names the proxy (variable and host, never its password)", async () => {
  using proxies = routing({ https_proxy: `http://omn:${PASSWORD}@127.0.0.1:3128` });
  const secure = createSecureFetch({ provider: "openai", fetch: refused, proxies });
  const error = await secure("https://api.openai.com/v1/chat/completions", { method: "POST" })
    .then(() => undefined, (error: unknown) => error);
  assert.ok(error instanceof OmnError);
  assert.equal(
    error.message,
    'Cannot reach openai at "https://api.openai.com/v1/chat/completions" through the proxy in https_proxy (http://127.0.0.1:3128): tcp connect error: Connection refused (os error 111)',
  );
  assert.ok(!error.message.includes(PASSWORD));
});

Deno.test("a failed direct connection names no proxy (loopback and NO_PROXY hosts go direct)", async () => {
  using proxies = routing({ HTTPS_PROXY: "http://127.0.0.1:3128", NO_PROXY: "api.openai.com" });
  const secure = createSecureFetch({ provider: "openai", fetch: refused, proxies });
  for (const url of ["https://api.openai.com/v1/models", "http://127.0.0.1:11434/v1/models"]) {
    const error = await secure(url).then(() => undefined, (error: unknown) => error);
    assert.ok(error instanceof OmnError, url);
    assert.match(error.message, /^Cannot reach openai at "[^"]+": tcp connect error/, url);
  }
});
