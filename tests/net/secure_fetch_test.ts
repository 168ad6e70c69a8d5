import assert from "node:assert/strict";
import { createSecureFetch, userAgent } from "../../src/net/secure_fetch.ts";
import { ExitCode, OmnError, RefusalError } from "../../src/core/errors.ts";
import { registerSecret } from "../../src/security/redact.ts";

interface Seen {
  path: string;
  headers: Headers;
  method: string;
  body: string;
}

function serve(handler: (request: Request, seen: Seen[]) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      seen.push({
        path: new URL(request.url).pathname,
        headers: request.headers,
        method: request.method,
        body: await request.text(),
      });
      return await handler(request, seen);
    },
  );
  return {
    seen,
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("plain http to a remote host is refused before any connection", async () => {
  let calls = 0;
  const secure = createSecureFetch({
    provider: "openai",
    fetch: () => (calls++, Promise.resolve(new Response())),
  });
  await assert.rejects(secure("http://api.openai.com/v1/models"), (error: RefusalError) => {
    assert.equal(error.exitCode, ExitCode.Refused);
    assert.match(error.message, /only https:\/\//);
    return true;
  });
  await assert.rejects(secure("ftp://127.0.0.1/x"), RefusalError);
  await assert.rejects(secure("http://user:secretpass@10.0.0.1/x"), (error: Error) => {
    assert.ok(!error.message.includes("secretpass"));
    return true;
  });
  assert.equal(calls, 0);
});

Deno.test("loopback over http is allowed, with omn's User-Agent", async () => {
  await using server = serve(() => new Response("ok"));
  const response = await createSecureFetch({ provider: "ollama" })(`${server.url}/api`, {
    headers: { "user-agent": "something-else" },
  });
  assert.equal(await response.text(), "ok");
  assert.equal(server.seen[0].headers.get("user-agent"), userAgent());
  assert.match(userAgent(), /^omnimancer\/\d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+; \w+\)$/);
});

Deno.test("a redirect to another origin is refused naming both origins; one within the origin is followed", async () => {
  await using other = serve(() => new Response("elsewhere"));
  await using origin = serve((request) => {
    const path = new URL(request.url).pathname;
    if (path === "/away") {
      return new Response(null, { status: 307, headers: { location: `${other.url}/landed` } });
    }
    if (path === "/host") {
      const moved = other.url.replace("127.0.0.1", "localhost");
      return new Response(null, { status: 302, headers: { location: `${moved}/landed` } });
    }
    if (path === "/here") {
      return new Response(null, { status: 308, headers: { location: "/final" } });
    }
    return new Response("final");
  });
  const secure = createSecureFetch({ provider: "openai" });
  const headers = {
    authorization: "Bearer sk-CANARY",
    "x-api-key": "k-CANARY",
    "content-type": "application/json",
  };
  for (const path of ["/away", "/host"]) {
    await assert.rejects(
      secure(`${origin.url}${path}`, { method: "POST", headers, body: "{}" }),
      (error: RefusalError) => {
        assert.ok(error instanceof RefusalError);
        assert.equal(error.exitCode, ExitCode.Refused);
        assert.ok(error.message.includes(`from ${origin.url} to `), error.message);
        assert.match(error.message, /:\d+: another origin; the credentials were not sent there/);
        assert.ok(!error.message.includes("CANARY"));
        return true;
      },
    );
  }
  assert.equal(other.seen.length, 0);
  const here = await secure(`${origin.url}/here`, { method: "POST", headers, body: "{}" });
  assert.equal(await here.text(), "final");
  assert.equal(origin.seen.at(-1)!.path, "/final");
  assert.equal(origin.seen.at(-1)!.headers.get("authorization"), "Bearer sk-CANARY");
});

Deno.test("a redirect to plain http on a remote host is refused", async () => {
  await using origin = serve(() =>
    new Response(null, { status: 302, headers: { location: "http://example.com/steal" } })
  );
  await assert.rejects(createSecureFetch({ provider: "openai" })(`${origin.url}/x`), RefusalError);
});

Deno.test("a connection failure is a provider error naming the host, exit 1", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(
    createSecureFetch({ provider: "ollama" })(`http://127.0.0.1:${port}/`),
    (error: OmnError) => {
      assert.equal(error.exitCode, ExitCode.Runtime);
      assert.match(error.message, /Cannot reach ollama at "http:\/\/127\.0\.0\.1:\d+\/"/);
      return true;
    },
  );
});

Deno.test("a redirect to another origin is refused when the body carries a secret", async () => {
  registerSecret("assertion-CANARY-0123456789", "test");
  await using other = serve(() => new Response("elsewhere"));
  await using origin = serve(() =>
    new Response(null, { status: 307, headers: { location: `${other.url}/token` } })
  );
  await assert.rejects(
    createSecureFetch({ provider: "vertex" })(`${origin.url}/token`, {
      method: "POST",
      body: "grant_type=jwt&assertion=assertion-CANARY-0123456789",
    }),
    (error: RefusalError) => {
      assert.match(error.message, /the request body carries a credential/);
      return true;
    },
  );
  assert.equal(other.seen.length, 0);
});
