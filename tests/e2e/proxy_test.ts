/**
 * Proxy variables under the real permission set: a proxy outside the
 * allowlist never receives anything, loopback endpoints are never proxied,
 * and HTTPS through an allowed proxy is tunnelled, so the key never reaches
 * the proxy in clear.
 *
 * These stay child processes: omn reads the proxy variables from its own
 * process environment (and takes them out of it before Deno's `fetch` could
 * apply them), which a run inside the test process cannot show. Each test
 * runs a few representative variables; every variable and every form of
 * value is tried in process by `tests/net/choose_proxy_test.ts`,
 * `tests/net/check_proxy_test.ts` and `tests/net/proxy_routing_serial_test.ts`.
 */
import assert from "node:assert/strict";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { DEFAULT_REPLY } from "../fakes/_fake_server.ts";
import { startProxyFake } from "../fakes/proxy_fake.ts";
import { createTestCertificate, startTlsFront } from "../fakes/_test_certificate.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { runOmn, tempWorkspace } from "./_omn.ts";

const KEY = openaiProjectKey("PROXY");
/** `deno run` (not omn) checks for its own updates through the proxy variables unless told not to. */
const NO_UPDATE_CHECK = { DENO_NO_UPDATE_CHECK: "1" };
const PROXY_VARIABLES = [
  "HTTP_PROXY",
  "http_proxy",
  "HTTPS_PROXY",
  "https_proxy",
  "ALL_PROXY",
  "all_proxy",
];

function assertNothingLeaked(received: string): void {
  assert.ok(!received.includes(KEY), "the proxy received the key");
  assert.ok(!received.includes(KEY.slice(8, 40)), "the proxy received part of the key");
}

Deno.test("a loopback endpoint is never proxied, whatever proxy variable is set", async () => {
  await using workspace = await tempWorkspace();
  await using fake = await startOpenAIChatFake({ apiKey: KEY });
  await using hostile = await startProxyFake("127.0.0.2");
  await using allowed = await startProxyFake("127.0.0.1");
  for (const proxy of [hostile, allowed]) {
    // Every variable at once: had any of them been applied, the proxy would have received it.
    const variables = Object.fromEntries(PROXY_VARIABLES.map((variable) => [variable, proxy.url]));
    const result = await runOmn(
      ["ask", "--provider", "openai", "--base-url", fake.baseURL, "-o", "json", "hi"],
      { ...workspace, env: { ...NO_UPDATE_CHECK, OPENAI_API_KEY: KEY, ...variables } },
    );
    assert.equal(result.code, 0, `${proxy.url}: ${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).result, DEFAULT_REPLY);
    assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, [KEY]);
  }
  await hostile.stop();
  await allowed.stop();
  assert.equal(hostile.received(), "", "the hostile proxy received a connection");
  assert.equal(allowed.received(), "", "a loopback request went through a proxy");
  assert.equal(fake.requests.length, 2);
  for (const request of fake.requests) {
    assert.equal(request.headers.get("authorization"), `Bearer ${KEY}`);
  }
});

Deno.test("a proxy outside the allowlist is refused with exit 3 naming the variable, before any connection", async () => {
  await using workspace = await tempWorkspace();
  await using hostile = await startProxyFake("127.0.0.2");
  const cases: [string, string][] = [
    ["HTTPS_PROXY", hostile.url],
    ["https_proxy", hostile.url.replace("http://", "")],
    ["all_proxy", `socks5://${new URL(hostile.url).host}`],
  ];
  for (const [variable, value] of cases) {
    const result = await runOmn(["ask", "--provider", "openai", "hi"], {
      ...workspace,
      env: { ...NO_UPDATE_CHECK, OPENAI_API_KEY: KEY, [variable]: value },
    });
    assert.equal(result.code, 3, `${variable}=${value}: ${result.stderr}`);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0],
      new RegExp(
        `Refusing the proxy in ${variable} ".*127\\.0\\.0\\.2:\\d+.*": 127\\.0\\.0\\.2:\\d+ is not a host omn may connect to`,
      ),
    );
    assertNoCanary({ stderr: result.stderr }, [KEY]);
  }
  await hostile.stop();
  assert.equal(hostile.received(), "");
});

Deno.test("HTTPS through an allowed proxy is tunnelled with CONNECT: the proxy never sees the key", async () => {
  await using workspace = await tempWorkspace();
  await using certificate = await createTestCertificate("api.openai.com");
  await using fake = await startOpenAIChatFake({ apiKey: KEY });
  await using front = startTlsFront(certificate, Number(new URL(fake.url).port));
  for (const variable of ["HTTPS_PROXY", "all_proxy"]) {
    await using proxy = await startProxyFake("127.0.0.1", { tunnelTo: front.port });
    const result = await runOmn(["ask", "--provider", "openai", "-o", "json", "hi"], {
      ...workspace,
      env: {
        ...NO_UPDATE_CHECK,
        OPENAI_API_KEY: KEY,
        [variable]: proxy.url,
        DENO_CERT: certificate.caFile,
      },
    });
    assert.equal(result.code, 0, `${variable}: ${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).result, DEFAULT_REPLY);
    await proxy.stop();
    assert.deepEqual(proxy.requestLines(), ["CONNECT api.openai.com:443 HTTP/1.1"]);
    assertNothingLeaked(proxy.received());
  }
  assert.equal(fake.requests.length, 2);
  for (const request of fake.requests) {
    assert.equal(request.headers.get("authorization"), `Bearer ${KEY}`);
  }
});

Deno.test("omn doctor names a proxy outside the allowlist as a failure, and an allowed one as a pass", async () => {
  await using workspace = await tempWorkspace();
  const statusOf = (stdout: string) =>
    (JSON.parse(stdout).checks as { id: string; status: string; detail: string }[])
      .filter((check) => check.id.startsWith("proxy"));
  const refused = await runOmn(["doctor", "--json"], {
    ...workspace,
    env: { ...NO_UPDATE_CHECK, https_proxy: "http://127.0.0.2:3128" },
  });
  assert.equal(refused.code, 1, refused.stderr);
  const [failed] = statusOf(refused.stdout);
  assert.equal(failed.status, "fail");
  assert.match(
    failed.detail,
    /Refusing the proxy in https_proxy .*127\.0\.0\.2:3128 is not a host/,
  );
  const allowed = await runOmn(["doctor", "--json"], {
    ...workspace,
    env: { ...NO_UPDATE_CHECK, HTTPS_PROXY: "http://127.0.0.1:3128" },
  });
  assert.deepEqual(statusOf(allowed.stdout).map((check) => check.status), ["pass"]);
});
