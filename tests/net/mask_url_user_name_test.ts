/**
 * Adversarial review: a credential in the user-name part of a URL
 * (`https://TOKEN@host`, the form of token-authenticated proxies and of
 * Basic auth with a token as the user name) is printed in clear. `maskUrl`
 * masks only the password, so the token reaches stderr (exit 3), the JSON
 * `error` field and `omn doctor` through: the refusal of a proxy variable,
 * the doctor's proxy check and the refusal of a base URL that holds
 * credentials ("put credentials in a key, not in the URL" — quoting them).
 * The token has no pattern the redactor knows, so nothing downstream masks it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { checkProxy } from "../../src/net/check_proxy.ts";
import { maskUrl } from "../../src/net/mask_url.ts";
import { checkProxies } from "../../src/doctor/check_proxies.ts";
import { redact } from "../../src/security/redact.ts";
import { checkEndpoints } from "../../src/doctor/check_endpoints.ts";
import { createModel } from "../../src/providers/registry.ts";
import { ExitCode } from "../../src/core/errors.ts";

/** A proxy token with no recognisable format (known to omn only as a URL user name). */
const TOKEN = "CANARYr1userTOKENq7Zk2Vb9Wp4Qx7Zk";

function assertNoToken(where: string, text: string) {
  assert.ok(
    !redact(text).includes(TOKEN.slice(6, 20)),
    `the URL's user-name token reached ${where}: ${text}`,
  );
}

Deno.test("maskUrl masks a user-name credential, not only a password", () => {
  assertNoToken("maskUrl", maskUrl(`https://${TOKEN}@proxy.example:3128/`));
  assertNoToken("maskUrl (with a password)", maskUrl(`https://${TOKEN}:x@proxy.example:3128/`));
});

Deno.test("a refused proxy whose URL carries a token as user name does not print the token", () => {
  for (const value of [`http://${TOKEN}@127.0.0.2:3128`, `${TOKEN}@127.0.0.2:3128`]) {
    const proxy = { variable: "HTTPS_PROXY", value };
    assert.throws(() => checkProxy(proxy, () => false), (error: Error) => {
      assertNoToken("the refusal", error.message);
      assert.match(error.message, /HTTPS_PROXY/);
      return true;
    });
    const checks = checkProxies({ https: proxy, noProxy: [] }, () => false);
    assertNoToken("omn doctor (refused)", JSON.stringify(checks));
    const allowed = checkProxies({
      https: { ...proxy, value: `https://${TOKEN}@127.0.0.1:3128` },
      noProxy: [],
    }, () => true);
    assertNoToken("omn doctor (accepted)", JSON.stringify(allowed));
  }
});

Deno.test("a base URL with a token as user name is refused without printing the token", async () => {
  for (
    const baseUrl of [
      `https://${TOKEN}@api.example.com/v1`,
      `http://${TOKEN}@127.0.0.1:9/v1`,
      `http://${TOKEN}@127.0.0.2:9/v1`,
      `https://${TOKEN}:secret@api.example.com/v1`,
    ]
  ) {
    await assert.rejects(
      () =>
        createModel({
          provider: "openai",
          modelId: "gpt-4o-mini",
          baseUrl,
          config: { version: 1 },
          sourcesFor: () => [],
        } as never),
      (error: Error) => {
        assertNoToken("the base-URL refusal", error.message);
        assert.equal((error as { exitCode?: number }).exitCode, ExitCode.Refused);
        return true;
      },
    );
  }
});

Deno.test("omn doctor's endpoint check masks a user-name token in a configured base_url", () => {
  const checks = checkEndpoints({
    version: 1,
    providers: {
      openai: { base_url: `https://${TOKEN}@api.example.com/v1` },
      custom: { base_url: `http://${TOKEN}@127.0.0.2/v1` },
    },
  } as never, () => true);
  assert.ok(checks.length >= 2);
  assertNoToken("omn doctor (endpoints)", JSON.stringify(checks));
});

Deno.test("each proxy refusal's doctor fix names the cure of that refusal", () => {
  const variable = "HTTPS_PROXY";
  const fixOf = (value: string, allowed: boolean) =>
    checkProxies({ https: { variable, value }, noProxy: [] }, () => allowed)[0];
  const badEncoding = fixOf(`https://${TOKEN}%zz@127.0.0.1:3128`, true);
  assert.equal(badEncoding.status, "fail");
  assertNoToken("omn doctor (bad percent-encoding)", JSON.stringify(badEncoding));
  assert.match(badEncoding.fix ?? "", /percent-encode/);
  assert.doesNotMatch(badEncoding.fix ?? "", /OMNIMANCER_EXTRA_HOSTS/);
  assert.match(fixOf("http://127.0.0.2:3128", false).fix ?? "", /OMNIMANCER_EXTRA_HOSTS/);
  const clear = fixOf(`http://${TOKEN}:pw@192.0.2.1:3128`, true);
  assert.match(clear.fix ?? "", /https:\/\//);
  assert.doesNotMatch(clear.fix ?? "", /OMNIMANCER_EXTRA_HOSTS/);
  assert.doesNotMatch(fixOf("ftp://127.0.0.1:21", true).fix ?? "", /OMNIMANCER_EXTRA_HOSTS/);
});
