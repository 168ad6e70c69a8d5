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
import { RefusalError } from "../core/errors.ts";

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

let processSettings: ProxySettings | undefined;

/**
 * The proxy settings of this process: on first use, reads every proxy
 * variable and deletes it from the environment, before any request is made
 * (Deno reads them when it builds its default client, at the first request).
 * A variable that cannot be read or removed is a refusal: Deno would still
 * apply it.
 */
export function processProxySettings(): ProxySettings {
  if (processSettings !== undefined) return processSettings;
  const values: Record<string, string> = {};
  for (const name of PROXY_ENV_NAMES) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) {
        values[name] = value;
        Deno.env.delete(name);
      }
    } catch {
      throw new RefusalError(
        `Cannot read the proxy variable ${name}: omn must check it before any request; run omn under its permission set`,
      );
    }
  }
  processSettings = readProxySettings((name) => values[name]);
  return processSettings;
}

/**
 * Takes the proxy variables out of the environment now and gives up the
 * permission to set them again, so that nothing that runs later in this
 * process (a compromised dependency) can route a request through a proxy of
 * its own: Deno's default client applies one set at any time before its
 * first request and checks `--allow-net` against the target alone, so a
 * loopback request, key and all, could go to any host. Called once by the
 * real program's entry; a variable that cannot be read is left for the first
 * request to refuse.
 */
export function sealProxyVariables(): void {
  try {
    processProxySettings();
  } catch {
    return;
  }
  for (const variable of PROXY_ENV_NAMES) {
    try {
      Deno.permissions.revokeSync({ name: "env", variable });
    } catch {
      // Nothing to give up where the permission API refuses.
    }
  }
}
