/**
 * Run by `rate_limiter_test.ts` in child processes: `count` acquisitions of
 * one request each against the state in `dir`, printing the wall-clock time
 * of each grant (epoch ms), one a line.
 *
 * Usage: deno run --allow-read=DIR --allow-write=DIR _rate_limit_worker.ts DIR COUNT PER_MINUTE
 *
 * @module
 */
import { RateLimiter } from "../../src/net/rate_limiter.ts";

const [dir, count, perMinute] = Deno.args;
const limiter = new RateLimiter(dir);
const grants: number[] = [];
for (let index = 0; index < Number(count); index++) {
  await limiter.acquire({
    provider: "openai",
    fingerprint: "fp:0123456789ab",
    limits: { requestsPerMinute: Number(perMinute) },
  });
  grants.push(Date.now());
}
console.log(grants.join("\n"));
