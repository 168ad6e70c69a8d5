import assert from "node:assert/strict";
import { chooseProxy, noProxyMatches } from "../../src/net/choose_proxy.ts";
import type { ProxySettings } from "../../src/net/proxy_settings.ts";

const https = { variable: "HTTPS_PROXY", value: "http://proxy:3128" };
const all = { variable: "all_proxy", value: "socks5://proxy:1080" };
const http = { variable: "HTTP_PROXY", value: "http://proxy:8080" };

Deno.test("loopback and plain http are never proxied, by any variable", () => {
  const settings: ProxySettings = { https, all, http, noProxy: [] };
  for (
    const target of [
      "http://127.0.0.1:11434/api",
      "http://localhost:8080/v1",
      "http://[::1]:1/x",
      "https://127.0.0.1/v1",
      "https://127.9.9.9/v1",
      "https://LOCALHOST/v1",
      "https://[::1]/v1",
      "http://10.0.0.1/v1",
    ]
  ) {
    assert.equal(chooseProxy(new URL(target), settings), undefined, target);
  }
});

Deno.test("loopback written with a trailing dot or as an IPv4-mapped IPv6 address is not proxied either", () => {
  // review: these reached the proxy as `CONNECT localhost.:…` and `CONNECT [::ffff:7f00:1]:…`;
  // the permission set lets omn connect to both, and both are this machine.
  const settings: ProxySettings = { https, all, noProxy: [] };
  for (
    const target of [
      "https://localhost./v1",
      "https://LocalHost.:8443/v1",
      "https://[::ffff:127.0.0.1]/v1",
      "https://[::ffff:7f00:1]:8443/v1",
      "https://[::ffff:127.9.9.9]/v1",
    ]
  ) {
    assert.equal(chooseProxy(new URL(target), settings), undefined, target);
  }
  for (const target of ["https://[::ffff:10.0.0.1]/v1", "https://localhost.example/v1"]) {
    assert.equal(chooseProxy(new URL(target), settings), https, target);
  }
});

Deno.test("https goes through HTTPS_PROXY, else ALL_PROXY; HTTP_PROXY never applies", () => {
  const target = new URL("https://api.openai.com/v1/chat/completions");
  assert.equal(chooseProxy(target, { https, all, http, noProxy: [] }), https);
  assert.equal(chooseProxy(target, { all, http, noProxy: [] }), all);
  assert.equal(chooseProxy(target, { http, noProxy: [] }), undefined);
});

Deno.test("NO_PROXY names hosts, domains and their subdomains, IPv4 networks, or everything", () => {
  assert.ok(noProxyMatches("openai.com", "api.openai.com"));
  assert.ok(noProxyMatches(".openai.com", "api.openai.com"));
  assert.ok(noProxyMatches("*.openai.com", "api.openai.com"));
  assert.ok(noProxyMatches("api.openai.com", "API.openai.com"));
  assert.ok(!noProxyMatches("openai.com", "notopenai.com"));
  assert.ok(!noProxyMatches("api.openai.com", "openai.com"));
  assert.ok(noProxyMatches("*", "api.x.ai"));
  assert.ok(noProxyMatches("10.0.0.0/8", "10.1.2.3"));
  assert.ok(!noProxyMatches("10.0.0.0/8", "11.1.2.3"));
  assert.ok(!noProxyMatches("10.0.0.0/x", "10.1.2.3"));
  assert.ok(noProxyMatches("[2001:db8::1]", "[2001:db8::1]"));
  const target = new URL("https://api.mistral.ai/v1");
  assert.equal(chooseProxy(target, { https, noProxy: ["mistral.ai"] }), undefined);
  assert.equal(chooseProxy(target, { https, noProxy: ["openai.com"] }), https);
});
