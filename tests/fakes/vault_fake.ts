/**
 * A fake of HashiCorp Vault's HTTP API for the KV secrets engine version 2,
 * on 127.0.0.1: `GET /v1/{mount}/data/{path}` with the token in
 * `X-Vault-Token` (and `X-Vault-Namespace` when the fake has a namespace),
 * answered like Vault:
 *
 * - 200 `{ request_id, lease_id, renewable, lease_duration, data: { data, metadata }, … }`;
 * - 403 `{ "errors": ["permission denied"] }` for a missing or wrong token or namespace;
 * - 404 `{ "errors": [] }` for a secret that does not exist under a known mount;
 * - 404 `{ "errors": ["no handler for route …"] }` for an unknown mount;
 * - 405 `{ "errors": ["1 error occurred: … unsupported operation"] }` for another method.
 *
 * A request Vault's own clients would never send (no token, no namespace
 * when one is expected, another method, a query string, a body) is recorded
 * as a violation; a wrong token is not (it is a scenario tests provoke).
 *
 * @example
 * ```ts
 * await using vault = await startVaultFake({
 *   token: "hvs.CANARY…",
 *   secrets: { "secret/openai": { api_key: "sk-…" } },
 * });
 * // VAULT_ADDR=vault.url, VAULT_TOKEN=the token; then assertEquals(vault.violations, []);
 * ```
 *
 * @module
 */
import {
  type FakeServer,
  jsonResponse,
  type RecordedRequest,
  startFakeServer,
} from "./_fake_server.ts";

/** Options of {@linkcode startVaultFake}. */
export interface VaultFakeOptions {
  /** The only token accepted. */
  token: string;
  /** When set, `X-Vault-Namespace` must name it. */
  namespace?: string;
  /** KV v2 secrets by `mount/path`; the mount is the first segment. */
  secrets: Record<string, Record<string, unknown>>;
}

/** Starts the Vault fake. */
export function startVaultFake(options: VaultFakeOptions): Promise<FakeServer> {
  const mounts = new Set(Object.keys(options.secrets).map((key) => key.split("/")[0]));
  const errors = (status: number, list: string[]) => jsonResponse({ errors: list }, status);
  return startFakeServer((request: RecordedRequest, control) => {
    const path = request.url.pathname;
    if (request.method !== "GET") {
      control.recordViolation(`vault: method "${request.method}" on "${path}"`);
      return errors(405, ["1 error occurred:\n\t* unsupported operation\n\n"]);
    }
    if (request.url.search !== "") {
      control.recordViolation(`vault: query string on "${path}"`);
    }
    if (request.bodyText !== "") control.recordViolation(`vault: a GET with a body on "${path}"`);
    const token = request.headers.get("x-vault-token");
    if (token === null) {
      control.recordViolation(`vault: no X-Vault-Token on "${path}"`);
      return errors(403, ["permission denied"]);
    }
    if (options.namespace !== undefined) {
      const namespace = request.headers.get("x-vault-namespace");
      if (namespace === null) {
        control.recordViolation(`vault: no X-Vault-Namespace on "${path}"`);
      }
      if (namespace !== options.namespace) return errors(403, ["permission denied"]);
    }
    if (token !== options.token) return errors(403, ["permission denied"]);
    const match = /^\/v1\/([^/]+)\/data\/(.+)$/.exec(path);
    if (!match) {
      control.recordViolation(`vault: unknown route "${path}"`);
      return errors(404, [`no handler for route "${path.slice(4)}". route entry not found.`]);
    }
    const [, mount, secretPath] = match;
    if (!mounts.has(mount)) {
      control.recordViolation(`vault: unknown mount "${mount}"`);
      return errors(404, [
        `no handler for route "${mount}/data/${secretPath}". route entry not found.`,
      ]);
    }
    const data = options.secrets[`${mount}/${secretPath}`];
    if (data === undefined) return errors(404, []);
    return jsonResponse({
      request_id: crypto.randomUUID(),
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: {
        data,
        metadata: {
          created_time: "2026-01-02T03:04:05.123456789Z",
          custom_metadata: null,
          deletion_time: "",
          destroyed: false,
          version: 1,
        },
      },
      wrap_info: null,
      warnings: null,
      auth: null,
      mount_type: "kv",
    });
  });
}
