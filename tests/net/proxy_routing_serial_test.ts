import assert from "node:assert/strict";
import { createProxyRouting, processProxyRouting } from "../../src/net/proxy_routing.ts";
import { PROXY_ENV_NAMES, readProxySettings } from "../../src/net/proxy_settings.ts";
import { createSecureFetch } from "../../src/net/secure_fetch.ts";
import type { CheckedProxy } from "../../src/net/check_proxy.ts";
import { ExitCode, RefusalError } from "../../src/core/errors.ts";

const CANARY = "Bearer sk-proj-CANARY-proxy-routing-0123456789";

function recordingServer(answer: (request: Request) => Response = () => new Response("direct")) {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    seen.push(`${request.method} ${request.url} ${request.headers.get("authorization")}`);
    return answer(request);
  });
  return {
    seen,
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

// First in this file: Deno builds its default client, and reads the proxy variables, at the
// first request of the process.
Deno.test("the process routing takes every proxy variable out of the environment before the first request", async () => {
  await using proxy = recordingServer(() => new Response("proxied", { status: 502 }));
  await using endpoint = recordingServer();
  for (const name of PROXY_ENV_NAMES) {
    if (!name.toLowerCase().startsWith("no_")) Deno.env.set(name, proxy.url);
  }
  try {
    const response = await createSecureFetch({ provider: "ollama" })(`${endpoint.url}/api`, {
      headers: { authorization: CANARY },
    });
    assert.equal(await response.text(), "direct");
    assert.deepEqual(proxy.seen, [], "a loopback request went through the proxy");
    assert.deepEqual(endpoint.seen, [`GET ${endpoint.url}/api ${CANARY}`]);
    for (const name of PROXY_ENV_NAMES) assert.equal(Deno.env.get(name), undefined, name);
    assert.equal(processProxyRouting(), processProxyRouting());
  } finally {
    for (const name of PROXY_ENV_NAMES) Deno.env.delete(name);
  }
});

Deno.test("an allowed proxy gets one client for https targets, closed with the routing", () => {
  const made: CheckedProxy[] = [];
  let closed = 0;
  const env: Record<string, string> = { HTTPS_PROXY: "http://127.0.0.1:3128" };
  const routing = createProxyRouting(readProxySettings((name) => env[name]), {
    createClient: (proxy) => {
      made.push(proxy);
      return { close: () => void closed++ } as unknown as Deno.HttpClient;
    },
  });
  const first = routing.clientFor(new URL("https://api.openai.com/v1/models"));
  const second = routing.clientFor(new URL("https://api.anthropic.com/v1/messages"));
  assert.ok(first !== undefined);
  assert.equal(first, second);
  assert.equal(routing.clientFor(new URL("http://127.0.0.1:11434/api")), undefined);
  assert.deepEqual(made, [{ url: "http://127.0.0.1:3128" }]);
  routing[Symbol.dispose]();
  assert.equal(closed, 1);
});

Deno.test("a refused proxy stops the secure fetch before any connection, on a redirect hop too", async () => {
  for (const variable of ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]) {
    const env: Record<string, string> = { [variable]: "http://127.0.0.2:3128" };
    let made = 0;
    using routing = createProxyRouting(readProxySettings((name) => env[name]), {
      createClient: () => (made++, Deno.createHttpClient({})),
    });
    const calls: string[] = [];
    const secure = createSecureFetch({
      provider: "openai",
      proxies: routing,
      fetch: (input) => {
        calls.push(String(input));
        return Promise.resolve(
          new Response(null, { status: 307, headers: { location: "https://api.openai.com/v1" } }),
        );
      },
    });
    const isRefusal = (error: RefusalError) => {
      assert.equal(error.exitCode, ExitCode.Refused);
      assert.match(error.message, new RegExp(`^Refusing the proxy in ${variable} `));
      return true;
    };
    await assert.rejects(
      secure("https://api.openai.com/v1/chat", { headers: { authorization: CANARY } }),
      isRefusal,
    );
    assert.deepEqual(calls, []);
    // A redirect to another origin is refused before any proxy is chosen for it (exit 3 too).
    await assert.rejects(secure("http://127.0.0.1:9/start"), (error: RefusalError) => {
      assert.equal(error.exitCode, ExitCode.Refused);
      assert.match(
        error.message,
        /redirect from http:\/\/127\.0\.0\.1:9 to https:\/\/api\.openai\.com/,
      );
      return true;
    });
    assert.deepEqual(calls, ["http://127.0.0.1:9/start"], "only the loopback hop was sent");
    assert.equal(made, 0);
  }
});

Deno.test("a proxy password is registered with the redactor once the proxy is used", async () => {
  const { redact } = await import("../../src/security/redact.ts");
  const password = "CANARY-proxy-password-7d1e";
  const env: Record<string, string> = {
    https_proxy: `https://me:${password}@127.0.0.1:3128`,
  };
  using routing = createProxyRouting(readProxySettings((name) => env[name]), {
    createClient: () => ({ close: () => {} }) as unknown as Deno.HttpClient,
  });
  routing.clientFor(new URL("https://api.openai.com/v1"));
  assert.ok(!redact(`proxy said: ${password}`).includes(password));
});

Deno.test("the secure fetch hands the proxy's client to fetch for https, and none for loopback", async () => {
  const env: Record<string, string> = { HTTPS_PROXY: "http://127.0.0.1:3128" };
  const client = { close: () => {} } as unknown as Deno.HttpClient;
  using routing = createProxyRouting(readProxySettings((name) => env[name]), {
    createClient: () => client,
  });
  const seen: [string, unknown][] = [];
  const secure = createSecureFetch({
    provider: "openai",
    proxies: routing,
    fetch: (input, init) => {
      seen.push([String(input), (init as { client?: unknown }).client]);
      return Promise.resolve(new Response("ok"));
    },
  });
  await (await secure("https://api.openai.com/v1/models")).text();
  await (await secure("http://127.0.0.1:11434/v1/models")).text();
  assert.deepEqual(seen, [
    ["https://api.openai.com/v1/models", client],
    ["http://127.0.0.1:11434/v1/models", undefined],
  ]);
});
