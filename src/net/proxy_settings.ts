/**
 * The proxy variables of the environment, read the way Deno reads them
 * (upper case first, then lower case; an empty value is unset). omn reads
 * them itself and takes them out of its environment before any request, so
 * that only {@linkcode chooseProxy} and `check_proxy.ts` decide where a
 * request goes (Deno would otherwise route through them unchecked: its
 * network allowlist sees the target host, not the proxy).
 *
 * @module
 */

/** Every variable that Deno's `fetch` reads to route a request through a proxy. */
export const PROXY_ENV_NAMES: readonly string[] = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
];

/** A proxy URL and the variable it came from (for messages). */
export interface ProxyVariable {
  /** The variable's name, as spelled in the environment (`https_proxy`). */
  variable: string;
  /** Its value: a URL such as `http://proxy.corp.example:3128`. */
  value: string;
}

/** The proxies of the environment. */
export interface ProxySettings {
  /** For `https://` targets: `HTTPS_PROXY` or `https_proxy`. */
  https?: ProxyVariable;
  /** For `http://` targets: `HTTP_PROXY` or `http_proxy` (never used: see `chooseProxy`). */
  http?: ProxyVariable;
  /** For any target without a proxy of its own scheme: `ALL_PROXY` or `all_proxy`. */
  all?: ProxyVariable;
  /** The entries of `NO_PROXY` (or `no_proxy`): hosts, domains, IP addresses and networks, or `*`. */
  noProxy: string[];
}

function first(
  env: (name: string) => string | undefined,
  names: readonly string[],
): ProxyVariable | undefined {
  for (const variable of names) {
    const value = env(variable)?.trim();
    if (value) return { variable, value };
  }
  return undefined;
}

/**
 * Reads the proxy settings from `env`.
 *
 * @example
 * ```ts
 * import { readProxySettings } from "./proxy_settings.ts";
 * const env: Record<string, string> = { https_proxy: "http://proxy:3128", NO_PROXY: "corp.example" };
 * readProxySettings((name) => env[name]);
 * // { https: { variable: "https_proxy", value: "http://proxy:3128" }, noProxy: ["corp.example"] }
 * ```
 */
export function readProxySettings(env: (name: string) => string | undefined): ProxySettings {
  const settings: ProxySettings = { noProxy: [] };
  const https = first(env, ["HTTPS_PROXY", "https_proxy"]);
  const http = first(env, ["HTTP_PROXY", "http_proxy"]);
  const all = first(env, ["ALL_PROXY", "all_proxy"]);
  if (https) settings.https = https;
  if (http) settings.http = http;
  if (all) settings.all = all;
  const noProxy = first(env, ["NO_PROXY", "no_proxy"]);
  if (noProxy) {
    settings.noProxy = noProxy.value.split(",").map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== "");
  }
  return settings;
}
