/**
 * The retry budget of one request, per provider: whether every attempt fails
 * with an HTTP overload (529 for Anthropic, 503 for the others), with the
 * service's error event before the first text (HTTP 200), or with the two in
 * turn, the provider's fake receives exactly `--max-retries` + 1 generation
 * requests, and every wait between them goes through the injected clock
 * (`instantClock`), so the tests take no time.
 *
 * The HTTP failures come from the fetch under omn's secure fetch: each
 * generation request still reaches the fake (which counts it), and its answer
 * is replaced by the overload.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { FakeServer, RecordedRequest } from "../../fakes/_fake_server.ts";
import { instantClock } from "../../_support/instant_clock.ts";
import { loopbackOnlyFetch, runInProcess } from "../_in_process.ts";
import { tempWorkspace } from "../_workspace.ts";
import { assertNoCanary } from "../_canary_checks.ts";
import type { ProviderCase } from "./_provider_contract.ts";

const MAX_RETRIES = 2;

/** Whether a request the fake received is a generation (not Vertex's token exchange). */
function isGeneration(request: RecordedRequest | URL): boolean {
  const url = request instanceof URL ? request : request.url;
  return !url.pathname.endsWith("/token");
}

/**
 * A fetch that sends each request to the fake and, for the generation
 * requests that `replace` picks (by their number from 0), answers an
 * overload instead of the fake's answer.
 */
function overloadingFetch(status: number, replace: (index: number) => boolean): typeof fetch {
  let generations = 0;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await loopbackOnlyFetch(input, init);
    if (!isGeneration(url) || !replace(generations++)) return response;
    await response.body?.cancel();
    return new Response(
      JSON.stringify({ error: { type: "overloaded_error", message: "Overloaded" } }),
      { status, headers: { "content-type": "application/json" } },
    );
  }) as typeof fetch;
}

/** Registers the retry-budget tests for one provider. */
export function retryBudgetContract<F extends FakeServer>(providerCase: ProviderCase<F>): void {
  const name = providerCase.provider;
  const status = name === "anthropic" ? 529 : 503;
  const cases = [
    {
      what: `a ${status} on every attempt`,
      scenario: "ok" as const,
      replace: () => true,
    },
    {
      what: "an error event before the first text on every attempt",
      scenario: { streamError: "overloaded" as const, afterChunks: 0 },
      replace: () => false,
    },
    {
      what: `a ${status} and an error event before the first text in turn`,
      scenario: { streamError: "overloaded" as const, afterChunks: 0 },
      replace: (index: number) => index % 2 === 0,
    },
  ];
  for (const { what, scenario, replace } of cases) {
    Deno.test(`${name}: ${what} makes --max-retries + 1 requests in all, the waits on the clock`, async () => {
      await using workspace = await tempWorkspace();
      await using fake = await providerCase.startFake(scenario);
      await providerCase.configure?.(workspace, fake);
      const clock = instantClock();
      const result = await runInProcess(
        [
          "ask",
          "--provider",
          name,
          ...providerCase.args(fake),
          "--max-retries",
          String(MAX_RETRIES),
          "-o",
          "json",
          "Say hello",
        ],
        {
          ...workspace,
          env: providerCase.env(fake),
          clock,
          fetch: overloadingFetch(status, replace),
        },
      );
      assert.equal(result.code, 5, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.is_error, true);
      assert.equal(object.retries, MAX_RETRIES);
      assert.equal(fake.requests.filter(isGeneration).length, MAX_RETRIES + 1);
      assert.equal(clock.waits.length, MAX_RETRIES);
      assert.match(object.error, new RegExp(`after ${MAX_RETRIES} retries`));
      assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, providerCase.secrets);
    });
  }
}
