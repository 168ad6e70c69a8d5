/**
 * Run by `rate_limiter_test.ts` in child processes: `count` acquisitions of
 * one request each against the state in `dir`, printing the time each was
 * granted for (epoch ms), one a line.
 *
 * The clock is the real one, but its sleep does not wait: it notes the time
 * the wait would end (the grant's time) and returns at once. The limiter
 * reserves before it sleeps, so the processes still queue through the state
 * file exactly as they would while waiting, and the test takes no time.
 *
 * Usage: deno run --allow-read=DIR --allow-write=DIR _rate_limit_worker.ts DIR COUNT PER_MINUTE
 *
 * @module
 */
import { RateLimiter } from "../../src/net/rate_limiter.ts";

const [dir, count, perMinute] = Deno.args;
let grantedAt: number | undefined;
const limiter = new RateLimiter(dir, {
  clock: {
    now: () => Date.now(),
    sleep: (milliseconds) => {
      grantedAt = Date.now() + milliseconds;
      return Promise.resolve();
    },
  },
});
const grants: number[] = [];
for (let index = 0; index < Number(count); index++) {
  grantedAt = undefined;
  await limiter.acquire({
    provider: "openai",
    fingerprint: "fp:0123456789ab",
    limits: { requestsPerMinute: Number(perMinute) },
  });
  grants.push(grantedAt ?? Date.now()); // no wait: granted now
}
console.log(grants.join("\n"));
