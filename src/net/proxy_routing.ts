/**
 * Routes each request of the secure fetch: directly, or through a checked
 * proxy with its own `Deno.HttpClient`. The process's routing is built once
 * from its environment by {@linkcode processProxyRouting}, which also takes
 * the proxy variables out of the environment so that Deno's own `fetch`
 * never applies them behind omn's back.
 *
 * @module
 */
import { RefusalError } from "../core/errors.ts";
import { registerSecret } from "../security/redact.ts";
import { type CheckedProxy, checkProxy, isPermittedHost } from "./check_proxy.ts";
import { chooseProxy } from "./choose_proxy.ts";
import { processProxySettings, type ProxySettings } from "./proxy_settings.ts";

export { processProxySettings };

/** Where requests go; dispose of it to close the proxies' clients. */
export interface ProxyRouting extends Disposable {
  /**
   * The client for a request to `url`: a proxy's, or `undefined` for a direct
   * connection. Throws a `RefusalError` (exit 3) when the proxy is refused.
   */
  clientFor(url: URL): Deno.HttpClient | undefined;
  /**
   * The proxy a request to `url` goes through, for messages: its variable and
   * `scheme://host:port` (never its credentials), or `undefined` when direct.
   */
  describe?(url: URL): string | undefined;
}

/** Options of {@linkcode createProxyRouting}. */
export interface ProxyRoutingOptions {
  /** Whether omn may connect to `host:port`; the permission set's answer by default. */
  isAllowedHost?: (hostAndPort: string) => boolean;
  /** Makes the client for a proxy; `Deno.createHttpClient` by default (tests add CA certificates). */
  createClient?: (proxy: CheckedProxy) => Deno.HttpClient;
}

/** Builds the routing for `settings`. */
export function createProxyRouting(
  settings: ProxySettings,
  options: ProxyRoutingOptions = {},
): ProxyRouting {
  const isAllowedHost = options.isAllowedHost ?? isPermittedHost;
  const createClient = options.createClient ?? ((proxy) => Deno.createHttpClient({ proxy }));
  const clients = new Map<string, Deno.HttpClient>();
  return {
    clientFor(url) {
      const proxy = chooseProxy(url, settings);
      if (proxy === undefined) return undefined;
      const checked = checkProxy(proxy, isAllowedHost);
      if (checked.basicAuth?.password) registerSecret(checked.basicAuth.password, "proxy password");
      // A user name without a password is a token (token-authenticated proxies).
      else if (checked.basicAuth?.username) {
        registerSecret(checked.basicAuth.username, "proxy token");
      }
      const key = JSON.stringify(checked);
      let client = clients.get(key);
      if (client === undefined) {
        try {
          client = createClient(checked);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotCapable)) throw error;
          throw new RefusalError(
            `Refusing the proxy in ${proxy.variable}: omn may not connect to it; fix or unset ${proxy.variable}`,
          );
        }
        clients.set(key, client);
      }
      return client;
    },
    describe(url) {
      const proxy = chooseProxy(url, settings);
      if (proxy === undefined) return undefined;
      try {
        return `${proxy.variable} (${checkProxy(proxy, isAllowedHost).url})`;
      } catch {
        return proxy.variable;
      }
    },
    [Symbol.dispose]() {
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}

let processRouting: ProxyRouting | undefined;

/** The routing of this process, from {@linkcode processProxySettings}. */
export function processProxyRouting(): ProxyRouting {
  processRouting ??= createProxyRouting(processProxySettings());
  return processRouting;
}
