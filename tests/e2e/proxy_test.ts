import assert from "node:assert/strict";
import { runOmn, tempWorkspace } from "./_omn.ts";

function startProxy() {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    seen.push(`${request.method} ${request.url}`);
    return new Response(JSON.stringify({ error: { message: "blocked by the test proxy" } }), {
      status: 502,
      headers: { "content-type": "application/json" },
    });
  });
  return {
    seen,
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("requests go through HTTP(S)_PROXY, and NO_PROXY bypasses it", async () => {
  await using workspace = await tempWorkspace();
  await using proxy = startProxy();
  const target = "http://localhost:9999/v1";
  const proxied = await runOmn(
    ["ask", "--provider", "ollama", "--base-url", target, "--max-retries", "0", "hi"],
    { ...workspace, env: { HTTP_PROXY: proxy.url } },
  );
  assert.equal(proxied.code, 5, "a 502 is worth retrying: exit 5 when no retry is left");
  assert.match(proxied.stderr, /ollama returned 502: blocked by the test proxy; retries are off/);
  assert.deepEqual(proxy.seen, ["POST http://localhost:9999/v1/chat/completions"]);
  const bypassed = await runOmn(["ask", "--provider", "ollama", "--base-url", target, "hi"], {
    ...workspace,
    env: { HTTP_PROXY: proxy.url, NO_PROXY: "localhost" },
  });
  assert.equal(bypassed.code, 1);
  assert.match(bypassed.stderr, /Cannot reach ollama at "http:\/\/localhost:9999/);
  assert.equal(proxy.seen.length, 1);
});
