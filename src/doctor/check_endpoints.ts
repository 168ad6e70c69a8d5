/**
 * Doctor: every configured endpoint is HTTPS, or HTTP to loopback, and
 * reachable under the permission set.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";
import { isLoopbackHost } from "../net/is_loopback.ts";
import { maskUrl } from "../net/mask_url.ts";
import { providerEndpoint } from "../providers/provider_endpoint.ts";
import type { DoctorCheck } from "./doctor_check.ts";

/**
 * Whether a URL may carry a key: `https://`, or `http://` to a loopback
 * host; anything else, a URL with a user name or password, or one that
 * does not parse, fails. Pure.
 *
 * @example
 * ```ts
 * import { assessEndpoint } from "./check_endpoints.ts";
 * assessEndpoint("http://localhost:11434/v1"); // { ok: true }
 * assessEndpoint("http://gateway.example/v1").ok; // false
 * ```
 */
export function assessEndpoint(url: string): { ok: true } | { ok: false; problem: string } {
  if (!URL.canParse(url)) return { ok: false, problem: "it is not a URL" };
  const parsed = new URL(url);
  if (parsed.username !== "" || parsed.password !== "") {
    return { ok: false, problem: "it holds a user name or password" };
  }
  if (parsed.protocol === "https:") return { ok: true };
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return { ok: true };
  return {
    ok: false,
    problem: parsed.protocol === "http:"
      ? "plain HTTP to a host that is not this machine would send the key in clear text"
      : `the scheme "${parsed.protocol}" is not HTTPS`,
  };
}

/** An endpoint as it may be shown: credentials in it masked. */
function shownEndpoint(endpoint: string): string {
  return URL.canParse(endpoint) ? maskUrl(endpoint) : "<invalid URL>";
}

/**
 * Checks the endpoint of every provider entry of the config (its
 * `base_url`, else the provider's endpoint for the entry's settings). A
 * host the running process may not connect to (`canConnect`, from
 * `Deno.permissions`) warns with the way to allow it.
 */
export function checkEndpoints(
  config: Config,
  canConnect: (host: string) => boolean,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  for (const id of Object.keys(config.providers ?? {})) {
    const endpoint = providerEndpoint(id, config);
    if (endpoint === undefined) continue;
    const verdict = assessEndpoint(endpoint);
    if (!verdict.ok) {
      checks.push({
        id: `endpoint.${id}`,
        status: "fail",
        detail: `${id} endpoint ${shownEndpoint(endpoint)}: ${verdict.problem}`,
        fix: `omn config set providers.${id}.base_url https://…`,
      });
      continue;
    }
    const host = new URL(endpoint).host;
    if (!canConnect(new URL(endpoint).hostname) && !canConnect(host)) {
      checks.push({
        id: `endpoint.${id}`,
        status: "warn",
        detail: `${id} endpoint ${
          shownEndpoint(endpoint)
        } is HTTPS, but omn's permission set does not allow connecting to ${host}`,
        fix:
          `set OMNIMANCER_EXTRA_HOSTS=${host} for "deno task omn" or when building with "deno task compile"`,
      });
      continue;
    }
    checks.push({
      id: `endpoint.${id}`,
      status: "pass",
      detail: `${id} endpoint ${shownEndpoint(endpoint)} is ${
        new URL(endpoint).protocol === "https:" ? "HTTPS" : "loopback"
      }`,
    });
  }
  if (checks.length === 0) {
    checks.push({
      id: "endpoint",
      status: "pass",
      detail: "no endpoint configured: every provider uses its official HTTPS endpoint",
    });
  }
  return checks;
}
