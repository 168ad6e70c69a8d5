/**
 * The contract every network provider must meet end to end: the real CLI
 * against a local fake that speaks the provider's wire format. Each
 * provider's test file calls {@linkcode providerContract} with how to start
 * its fake and configure omn.
 *
 * The tests run the command code in process (`runInProcess`), which proves
 * what the wire format and the output must be without a `deno` start each.
 * That each provider's code loads and reaches its fake in the bundle under
 * the release permission set is proven by one process for all of them:
 * ./every_provider_in_the_bundle_test.ts.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  BAD_REQUEST_TEXT,
  DEFAULT_REPLY,
  type FakeServer,
  type Scenario,
  splitIntoChunks,
} from "../../fakes/_fake_server.ts";
import { assertNoCanary, assertNoCanaryInTree } from "../_canary_checks.ts";
import { runInProcess } from "../_in_process.ts";
import { type InstantClock, instantClock } from "../../_support/instant_clock.ts";
import { retryBudgetContract } from "./_retry_budget_contract.ts";
import { type OmnResult, type RunOmnOptions, tempWorkspace, type Workspace } from "../_omn.ts";

/** How one provider is set up for the contract. */
export interface ProviderCase<F extends FakeServer = FakeServer> {
  /** Provider id as omn names it. */
  provider: string;
  /** The credential values the fake accepts (canaries); the first is the one masked in messages. */
  secrets: string[];
  /** Starts the fake for a scenario. */
  startFake: (scenario: Scenario) => Promise<F>;
  /** Environment variables that give omn the credentials. */
  env: (fake: F) => Record<string, string>;
  /** Arguments that point omn at the fake (usually `--base-url …`). */
  args: (fake: F) => string[];
  /** Prepares the config directory (e.g. provider settings) before omn runs. */
  configure?: (workspace: Workspace, fake: F) => Promise<void>;
  /** The masked prefix a rejected key is shown with, e.g. `sk-proj-***`. */
  maskedKey?: RegExp;
  /** Whether the provider takes a key (false for Ollama); true when absent. */
  auth?: boolean;
  /**
   * Whether the first request's body carries a credential (Vertex's token
   * exchange), so that a redirect to another origin must be refused outright.
   */
  credentialInBody?: boolean;
  /**
   * Whether the service has a mid-stream quota or billing error (Bedrock has
   * none); true when absent.
   */
  streamQuotaError?: boolean;
  /** Whether the service stops a reply for its content filter (Mistral has no such stop); true when absent. */
  contentFilterStop?: boolean;
}

/** The first text chunks of the default reply (what a stream error after `count` chunks leaves printed). */
function firstChunks(count: number): string {
  return splitIntoChunks(DEFAULT_REPLY).slice(0, count).join("");
}

async function run<F extends FakeServer>(
  providerCase: ProviderCase<F>,
  scenario: Scenario,
  extra: string[],
  check: (result: OmnResult, fake: F, workspace: Workspace) => void | Promise<void>,
  runner: (args: string[], options: RunOmnOptions) => Promise<OmnResult> = runInProcess,
  clock?: InstantClock,
): Promise<void> {
  await using workspace = await tempWorkspace();
  await using fake = await providerCase.startFake(scenario);
  await providerCase.configure?.(workspace, fake);
  const result = await runner(
    ["ask", "--provider", providerCase.provider, ...providerCase.args(fake), ...extra, "Say hello"],
    { ...workspace, env: providerCase.env(fake), ...(clock ? { clock } : {}) },
  );
  await check(result, fake, workspace);
  assertNoCanary({ stdout: result.stdout, stderr: result.stderr }, providerCase.secrets);
  await assertNoCanaryInTree(workspace.root, providerCase.secrets);
}

/** Registers the contract's tests for one provider. */
export function providerContract<F extends FakeServer>(providerCase: ProviderCase<F>): void {
  const name = providerCase.provider;

  Deno.test(`${name}: streamed text arrives in order and complete`, async () => {
    await run(providerCase, "ok", [], (result, fake) => {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${DEFAULT_REPLY}\n`);
      assert.deepEqual(fake.violations, []);
      assert.ok(fake.requests.length >= 1);
    });
  });

  Deno.test(`${name}: --output json is one valid result object with usage`, async () => {
    await run(providerCase, "ok", ["--output", "json"], (result, fake) => {
      assert.equal(result.code, 0, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.type, "result");
      assert.equal(object.is_error, false);
      assert.equal(object.result, DEFAULT_REPLY);
      assert.equal(object.provider, name);
      assert.ok(object.usage.input_tokens > 0, "input tokens reported");
      assert.ok(object.usage.output_tokens > 0, "output tokens reported");
      assert.equal(object.stop_reason, "stop");
      assert.deepEqual(fake.violations, []);
    });
  });

  Deno.test(`${name}: --output stream-json has init, ordered deltas and the result`, async () => {
    await run(providerCase, "ok", ["--output", "stream-json"], (result, fake) => {
      assert.equal(result.code, 0, result.stderr);
      const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
      assert.equal(events[0].subtype, "init");
      const deltas = events.filter((event) => event.type === "text_delta");
      assert.ok(deltas.length > 1, "several deltas");
      assert.equal(deltas.map((event) => event.text).join(""), DEFAULT_REPLY);
      assert.equal(events.at(-1).type, "result");
      assert.deepEqual(fake.violations, []);
    });
  });

  Deno.test({
    name: `${name}: a rejected key exits 4 naming the provider, the masked key and the fix${
      notApplicable(providerCase.auth, `${name} takes no key`)
    }`,
    ignore: providerCase.auth === false,
  }, async () => {
    await run(providerCase, "unauthorized", [], (result) => {
      assert.equal(result.code, 4, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, new RegExp(`^error: ${name} rejected`, "m"));
      assert.match(result.stderr, /fp:[0-9a-f]{12}/);
      if (providerCase.maskedKey) assert.match(result.stderr, providerCase.maskedKey);
      assert.match(result.stderr, new RegExp(`omn keys set ${name}`));
    });
  });

  Deno.test(`${name}: a 400 exits 1 with the provider's message`, async () => {
    await run(providerCase, "bad-request", [], (result) => {
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(BAD_REQUEST_TEXT));
      assert.equal(result.stderr.trim().split("\n").length, 1);
    });
  });

  Deno.test(`${name}: a 400 in json mode still prints a valid error result`, async () => {
    await run(providerCase, "bad-request", ["-o", "json"], (result) => {
      assert.equal(result.code, 1);
      const object = JSON.parse(result.stdout);
      assert.equal(object.is_error, true);
      assert.match(object.error, new RegExp(BAD_REQUEST_TEXT));
    });
  });

  Deno.test(`${name}: an overload mid-stream exits 5, keeps the text printed and names the error`, async () => {
    await run(providerCase, { streamError: "overloaded" }, ["--max-retries", "0"], (result) => {
      assert.equal(result.code, 5, result.stderr);
      assert.equal(result.stdout, `${firstChunks(2)}\n`);
      assert.match(
        result.stderr,
        new RegExp(`^error: ${name} sent an error in the reply stream: `),
      );
      assert.match(result.stderr, /overloaded; try again later/);
      assert.doesNotMatch(result.stderr, /\[object Object\]/);
      assert.equal(result.stderr.trim().split("\n").length, 1);
    });
  });

  Deno.test(`${name}: a rate limit mid-stream in json mode: text so far, is_error, error_type, exit 5`, async () => {
    await run(providerCase, { streamError: "rate-limited" }, ["-o", "json"], (result) => {
      assert.equal(result.code, 5, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.is_error, true);
      assert.equal(object.subtype, "error");
      assert.equal(object.result, firstChunks(2));
      assert.equal(object.error_type, "rate_limited");
      assert.match(object.error, /sent an error in the reply stream/);
    });
  });

  Deno.test({
    name: `${name}: an exhausted quota mid-stream exits 4 and says it is the account, not the key${
      notApplicable(providerCase.streamQuotaError, `${name} sends no quota error mid-stream`)
    }`,
    ignore: providerCase.streamQuotaError === false,
  }, async () => {
    await run(providerCase, { streamError: "quota" }, ["-o", "stream-json"], (result) => {
      assert.equal(result.code, 4, result.stderr);
      const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line));
      const last = events.at(-1);
      assert.equal(last.type, "result");
      assert.equal(last.error_type, "quota_exhausted");
      assert.match(last.error, /quota or billing is exhausted, not the key/);
      assert.equal(
        events.filter((event) => event.type === "text_delta").map((event) => event.text).join(""),
        firstChunks(2),
      );
    });
  });

  Deno.test(`${name}: a server error mid-stream exits 1 with error_type server_error`, async () => {
    await run(providerCase, { streamError: "server-error" }, ["-o", "json"], (result) => {
      assert.equal(result.code, 1, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.error_type, "server_error");
      assert.equal(object.result, firstChunks(2));
    });
  });

  Deno.test({
    name: `${name}: a content-filter stop exits 1 with the reason${
      notApplicable(providerCase.contentFilterStop, `${name} has no content-filter stop`)
    }`,
    ignore: providerCase.contentFilterStop === false,
  }, async () => {
    await run(providerCase, { streamError: "content-filter" }, ["-o", "json"], (result) => {
      assert.equal(result.code, 1, result.stderr);
      const object = JSON.parse(result.stdout);
      assert.equal(object.error_type, "content_filtered");
      assert.match(object.error, /content filter blocked it \(\w+\)/);
      assert.equal(object.result, firstChunks(2));
    });
  });

  Deno.test(`${name}: a stream error before the first text is retried like its HTTP status`, async () => {
    const clock = instantClock();
    await run(
      providerCase,
      { streamError: "overloaded", afterChunks: 0, times: 1 },
      ["-o", "json", "--max-retry-wait", "1"],
      (result, fake) => {
        assert.equal(result.code, 0, result.stderr);
        const object = JSON.parse(result.stdout);
        assert.equal(object.result, DEFAULT_REPLY);
        assert.equal(object.retries, 1);
        assert.equal(clock.waits.length, 1, "one wait, on the clock");
        assert.ok(
          clock.waits[0] <= 1000,
          `the wait ${clock.waits[0]} ms is within --max-retry-wait`,
        );
        assert.deepEqual(fake.violations, []);
      },
      runInProcess,
      clock,
    );
  });

  retryBudgetContract(providerCase);

  Deno.test(`${name}: a redirect to another origin is refused with exit 3, nothing sent there`, async () => {
    await using elsewhere = await providerCase.startFake("ok");
    const target = elsewhere.url.replace("127.0.0.1", "localhost");
    await run(providerCase, { redirectTo: target }, ["-o", "json"], (result, fake) => {
      assert.equal(result.code, 3, result.stderr);
      assert.equal(elsewhere.requests.length, 0);
      const object = JSON.parse(result.stdout);
      assert.equal(object.error_type, "refused");
      assert.ok(
        object.error.includes(`from ${fake.url} to ${new URL(target).origin}`),
        object.error,
      );
      if (providerCase.credentialInBody) {
        assert.match(object.error, /the request body carries a credential/);
      }
      assert.match(object.error, /the credentials were not sent there/);
      assert.doesNotMatch(result.stderr, /rejected/);
    });
  });
}

/** The reason shown in an ignored contract test's name when `supported` is false. */
function notApplicable(supported: boolean | undefined, reason: string): string {
  return supported === false ? ` (ignored: not applicable, ${reason})` : "";
}
