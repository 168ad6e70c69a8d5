import assert from "node:assert/strict";
import { anthropicKey } from "../credentials/_canaries.ts";
import { guardBaseUrl } from "../../src/providers/guard_base_url.ts";
import { RefusalError } from "../../src/core/errors.ts";

const secret = anthropicKey("GBU");

Deno.test("guardBaseUrl: a clean URL passes under every policy", () => {
  for (const policy of ["redact", "block", "allow"] as const) {
    assert.equal(guardBaseUrl("http://127.0.0.1:8080/v1?x=1", "--base-url", policy), undefined);
  }
});

Deno.test("guardBaseUrl: a secret in path, query, host label or encoded is refused under redact and block", () => {
  const urls = [
    `http://127.0.0.1:8080/v1/${secret}`,
    `http://127.0.0.1:8080/v1?k=${secret}`,
    `http://127.0.0.1:8080/${encodeURIComponent(secret).replace(/-/g, "%2D")}`,
    `http://127.0.0.1:8080/${encodeURIComponent(encodeURIComponent(secret).replace(/-/g, "%2D"))}`,
    `http://127.0.0.1:8080/%ZZ/${secret.replace(/-/g, "%2d")}`,
  ];
  for (const policy of ["redact", "block"] as const) {
    for (const url of urls) {
      assert.throws(() => guardBaseUrl(url, "providers.x.base_url", policy), (error: unknown) => {
        assert.ok(error instanceof RefusalError);
        assert.match(error.message, /in providers\.x\.base_url\)/);
        assert.ok(!error.message.includes(secret));
        return true;
      }, url);
    }
  }
  const warning = guardBaseUrl(urls[0], "--base-url", "allow");
  assert.match(warning ?? "", /anthropic.* in --base-url\); sending to it as asked/);
  assert.ok(!warning?.includes(secret));
});
