/**
 * Which proxy, if any, a request goes through. Loopback targets never go
 * through a proxy, nor does plain `http://` (which omn only sends to
 * loopback): a request that carries a key in clear never leaves the machine.
 * An `https://` target goes through `HTTPS_PROXY`, else `ALL_PROXY`, unless
 * `NO_PROXY` names it; through the proxy the TLS connection is tunnelled
 * (`CONNECT`), so the proxy sees the host name and never the request.
 *
 * @module
 */
import { isLoopbackHost } from "./is_loopback.ts";
import type { ProxySettings, ProxyVariable } from "./proxy_settings.ts";

/**
 * The proxy for a request to `url`, or `undefined` to connect directly.
 *
 * @example
 * ```ts
 * import { chooseProxy } from "./choose_proxy.ts";
 * const settings = { https: { variable: "HTTPS_PROXY", value: "http://proxy:3128" }, noProxy: [] };
 * chooseProxy(new URL("https://api.openai.com/v1"), settings); // the HTTPS_PROXY entry
 * chooseProxy(new URL("http://127.0.0.1:11434/api"), settings); // undefined
 * ```
 */
export function chooseProxy(url: URL, settings: ProxySettings): ProxyVariable | undefined {
  if (url.protocol !== "https:") return undefined;
  if (isLoopbackHost(url.hostname)) return undefined;
  if (settings.noProxy.some((entry) => noProxyMatches(entry, url.hostname))) return undefined;
  return settings.https ?? settings.all;
}

/** Whether one `NO_PROXY` entry names `hostname` (rules of curl and Deno). */
export function noProxyMatches(entry: string, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const rule = entry.toLowerCase().replace(/^\[|\]$/g, "");
  if (rule === "*") return true;
  if (rule.includes("/")) return inIpv4Network(host, rule);
  const domain = rule.replace(/^\*?\./, "");
  return host === domain || host.endsWith(`.${domain}`);
}

function ipv4Number(text: string): number | undefined {
  const octets = text.split(".");
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet))) return undefined;
  const values = octets.map(Number);
  if (values.some((value) => value > 255)) return undefined;
  return values.reduce((total, value) => total * 256 + value, 0);
}

function inIpv4Network(host: string, rule: string): boolean {
  const [base, bitsText] = rule.split("/");
  const address = ipv4Number(host);
  const network = ipv4Number(base);
  const bits = Number(bitsText);
  if (address === undefined || network === undefined) return false;
  if (!/^\d{1,2}$/.test(bitsText) || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(network / size);
}
