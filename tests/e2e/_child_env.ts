/**
 * The one place that builds the environment of every child process the
 * end-to-end tests start (`omn` through `deno run`, `script`, `bash`).
 *
 * The child starts from an empty environment, so the program under test sees
 * only the variables a test gives it (and, under the permission set, only
 * those the set allows: every other one reads as unset). The `deno` runtime
 * that runs it keeps what it needs for itself: its cache (`DENO_DIR`, computed
 * from this process's own cache even when `HOME` or `DENO_DIR` point
 * elsewhere than the account's home), certificates, proxies for the registry
 * and the npm registry settings. Without them a child `deno` with another
 * `HOME` looks for packages in another cache and downloads them again.
 *
 * Set `OMN_TEST_CHILD_LOG=/path/file` when running the tests to count the
 * `omn` child processes: each start appends one line to that file
 * (`wc -l < file` gives the count).
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";

/** The variables the `deno` runtime itself reads, passed through when set. */
export const RUNTIME_VARIABLES: readonly string[] = [
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "DENO_AUTH_TOKENS",
  "DENO_NO_UPDATE_CHECK",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "NPM_CONFIG_REGISTRY",
  "npm_config_registry",
];

/** The proxy variables: passed through only when the test sets none of its own. */
export const PROXY_VARIABLES: readonly string[] = [
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
];

/** Loopback, added to an inherited `NO_PROXY` so the local fakes are never proxied. */
const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

/** Where the runtime's cache lives, as this process's own `deno` sees it. */
async function findDenoDir(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("DENO_DIR");
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(fromEnv);
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const info = JSON.parse(new TextDecoder().decode(output.stdout));
    return typeof info.denoDir === "string" ? info.denoDir : undefined;
  } catch {
    return undefined;
  }
}

/** This process's `deno` cache directory (computed once). */
export const DENO_DIR: string | undefined = await findDenoDir();

/**
 * The runtime's part of a child's environment, from `source` (this process's
 * environment by default): the cache, certificates, npm settings, and the
 * proxies unless `testEnv` sets its own (with loopback added to `NO_PROXY`).
 */
export function runtimeEnv(
  testEnv: Readonly<Record<string, string>> = {},
  source: (name: string) => string | undefined = (name) => Deno.env.get(name),
  denoDir: string | undefined = DENO_DIR,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (denoDir) env.DENO_DIR = denoDir;
  for (const name of RUNTIME_VARIABLES) {
    const value = source(name);
    if (value !== undefined) env[name] = value;
  }
  const testSetsProxies = PROXY_VARIABLES.some((name) => name in testEnv);
  if (!testSetsProxies && PROXY_VARIABLES.some((name) => source(name) !== undefined)) {
    for (const name of PROXY_VARIABLES) {
      const value = source(name);
      if (value !== undefined) env[name] = value;
    }
    for (const name of ["NO_PROXY", "no_proxy"]) {
      env[name] = [...(env[name] ? [env[name]] : []), ...LOOPBACK].join(",");
    }
  }
  return env;
}

/**
 * A child's whole environment: the runtime's variables, a `PATH`, then the
 * test's own variables (which win). Pass it with `clearEnv: true`.
 */
export function childEnv(testEnv: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...runtimeEnv(testEnv),
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ...testEnv,
  };
}

/** The file that counts `omn` starts (`OMN_TEST_CHILD_LOG`), when set. */
export const CHILD_LOG: string | undefined = Deno.env.get("OMN_TEST_CHILD_LOG") || undefined;

/** Records one start of `omn` (its first argument) in `OMN_TEST_CHILD_LOG`, when set. */
export function noteOmnStart(args: readonly string[]): void {
  if (!CHILD_LOG) return;
  Deno.writeTextFileSync(CHILD_LOG, `${args[0] ?? ""}\n`, { append: true });
}
