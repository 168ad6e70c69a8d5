import assert from "node:assert/strict";
import { networkOptions } from "../../src/net/network_options.ts";

Deno.test("networkOptions: a flag wins over the config's setting, which wins over the default", () => {
  const config = {
    version: 1 as const,
    settings: { timeout_ms: 1000, max_retries: 2, idle_timeout_ms: 3000 },
  };
  const onRetry = () => {};
  assert.deepEqual(networkOptions(config, { timeoutMs: 500, connectTimeoutMs: 700 }, onRetry), {
    timeoutMs: 500,
    maxRetries: 2,
    maxRetryWaitMs: undefined,
    connectTimeoutMs: 700,
    firstByteTimeoutMs: undefined,
    idleTimeoutMs: 3000,
    onRetry,
  });
  assert.deepEqual(networkOptions({ version: 1 }, {}), {
    timeoutMs: undefined,
    maxRetries: undefined,
    maxRetryWaitMs: undefined,
    connectTimeoutMs: undefined,
    firstByteTimeoutMs: undefined,
    idleTimeoutMs: undefined,
    onRetry: undefined,
  });
});
