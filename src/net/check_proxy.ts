/**
 * Checks a proxy from the environment before omn sends anything through it:
 * its URL must parse with a scheme Deno supports, its host must be one omn
 * may connect to (the permission set's network allowlist, which holds the
 * loopback addresses; `OMNIMANCER_EXTRA_HOSTS` adds a corporate proxy), and a
 * proxy password never travels in clear to another machine. Deno itself
 * checks only the target host, so without this check a proxy variable could
 * send requests anywhere.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { isLoopbackHost } from "./is_loopback.ts";
import { maskUrl } from "./mask_url.ts";
import type { ProxyVariable } from "./proxy_settings.ts";

/** A proxy as `Deno.createHttpClient` takes it. */
export interface CheckedProxy {
  /** `scheme://host:port`, without credentials. */
  url: string;
  /** The user name and password of the proxy URL, if it has them. */
  basicAuth?: { username: string; password: string };
}

/**
 * The refusal of a proxy: exit 3, with `fix`, the one action that cures this
 * refusal (`omn doctor` shows it as the check's fix).
 */
export class ProxyRefusalError extends RefusalError {
  /** What to do about it, e.g. `percent-encode ... in HTTPS_PROXY, or unset HTTPS_PROXY`. */
  readonly fix: string;
  constructor(message: string, fix: string) {
    super(message);
    this.name = "RefusalError";
    this.fix = fix;
  }
}

const SUPPORTED = "omn supports http://, https://, socks5:// and socks5h:// proxies";

const DEFAULT_PORTS: Record<string, string> = {
  "http:": "80",
  "https:": "443",
  "socks5:": "1080",
  "socks5h:": "1080",
};

/**
 * Returns the proxy in the form `Deno.createHttpClient` takes, or throws a
 * {@linkcode RefusalError} (exit 3) naming the variable. `isAllowedHost`
 * answers for a `host:port` whether the permission set lets omn connect.
 *
 * @example
 * ```ts
 * import { checkProxy } from "./check_proxy.ts";
 * checkProxy({ variable: "HTTPS_PROXY", value: "127.0.0.1:3128" }, () => true);
 * // { url: "http://127.0.0.1:3128" }
 * ```
 */
export function checkProxy(
  proxy: ProxyVariable,
  isAllowedHost: (hostAndPort: string) => boolean,
): CheckedProxy {
  const text = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(proxy.value)
    ? proxy.value
    : `http://${proxy.value}`;
  const shown = URL.canParse(text) ? maskUrl(text) : "<invalid URL>";
  const unset = `, or unset ${proxy.variable}`;
  const refuse = (detail: string, fix: string) =>
    new ProxyRefusalError(
      `Refusing the proxy in ${proxy.variable} "${shown}": ${detail}; fix or unset ${proxy.variable}`,
      `${fix}${unset}`,
    );
  const scheme = `give ${proxy.variable} an http://, https://, socks5:// or socks5h:// URL`;
  if (/^(unix|vsock):/i.test(proxy.value)) throw refuse(SUPPORTED, scheme);
  if (!URL.canParse(text)) throw refuse("it is not a URL", `give ${proxy.variable} a valid URL`);
  const url = new URL(text);
  const port = url.port || DEFAULT_PORTS[url.protocol];
  if (!(url.protocol in DEFAULT_PORTS)) {
    throw refuse(SUPPORTED, scheme);
  }
  if (url.hostname === "") {
    throw refuse("it names no host", `put the proxy's host in ${proxy.variable}`);
  }
  const hostAndPort = `${url.hostname}:${port}`;
  if (!isAllowedHost(hostAndPort)) {
    throw refuse(
      `${hostAndPort} is not a host omn may connect to (add it to OMNIMANCER_EXTRA_HOSTS)`,
      "add the proxy's host to OMNIMANCER_EXTRA_HOSTS when launching or building",
    );
  }
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw refuse(
      "its user name or password is not valid percent-encoding",
      `percent-encode the user name and password in ${proxy.variable} (% as %25, @ as %40, : as %3A)`,
    );
  }
  const inClear = url.protocol !== "https:" && !isLoopbackHost(url.hostname);
  if ((username || password) && inClear) {
    throw refuse(
      "its password would travel in clear to another machine (use an https:// proxy)",
      `use an https:// proxy URL in ${proxy.variable}`,
    );
  }
  const checked: CheckedProxy = { url: `${url.protocol}//${url.host}` };
  if (username || password) checked.basicAuth = { username, password };
  return checked;
}

/** Whether the running program's permission set lets it connect to `host:port`. */
export function isPermittedHost(hostAndPort: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "net", host: hostAndPort }).state === "granted";
  } catch {
    return false;
  }
}
