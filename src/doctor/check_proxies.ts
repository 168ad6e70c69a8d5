/**
 * Doctor: where the proxy variables send omn's requests, and whether omn
 * will use each proxy or refuse it (the same check as every request,
 * `src/net/check_proxy.ts`).
 *
 * @module
 */
import { checkProxy, ProxyRefusalError } from "../net/check_proxy.ts";
import { maskUrl } from "../net/mask_url.ts";
import type { ProxySettings, ProxyVariable } from "../net/proxy_settings.ts";
import type { DoctorCheck } from "./doctor_check.ts";

function shown(proxy: ProxyVariable): string {
  const text = proxy.value.includes("://") ? proxy.value : `http://${proxy.value}`;
  return URL.canParse(text) ? maskUrl(text) : "<invalid URL>";
}

/**
 * One item per proxy variable that is set (none: one item saying requests
 * go directly). Pure apart from `isAllowedHost`.
 *
 * @example
 * ```ts
 * import { checkProxies } from "./check_proxies.ts";
 * checkProxies({ noProxy: [] }, () => true)[0].detail;
 * // "no proxy variable is set: requests go directly"
 * ```
 */
export function checkProxies(
  settings: ProxySettings,
  isAllowedHost: (hostAndPort: string) => boolean,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const used = settings.https ?? settings.all;
  if (used !== undefined) {
    const bypass = settings.noProxy.length > 0
      ? `, except hosts in NO_PROXY (${settings.noProxy.join(", ")})`
      : "";
    try {
      checkProxy(used, isAllowedHost);
      checks.push({
        id: "proxy.https",
        status: "pass",
        detail: `https requests go through ${used.variable} ${
          shown(used)
        } as a CONNECT tunnel${bypass}; loopback never does`,
      });
    } catch (error) {
      checks.push({
        id: "proxy.https",
        status: "fail",
        detail: error instanceof Error ? error.message : String(error),
        fix: error instanceof ProxyRefusalError ? error.fix : `fix or unset ${used.variable}`,
      });
    }
  }
  for (const unused of [settings.http, settings.all]) {
    if (unused === undefined || unused === used) continue;
    checks.push({
      id: `proxy.unused.${unused.variable}`,
      status: "pass",
      detail: `${unused.variable} is set and never used: plain http only goes to loopback, ` +
        "which is never proxied",
    });
  }
  if (checks.length === 0) {
    checks.push({
      id: "proxy",
      status: "pass",
      detail: "no proxy variable is set: requests go directly",
    });
  }
  return checks;
}
