/**
 * The one definition of the Deno permission set that omn runs under.
 *
 * `deno task omn` (through `scripts/omn.ts`), the end-to-end tests and
 * `deno task compile` all build their flags with {@linkcode permissionFlags},
 * so the program is always tested under exactly the permissions it ships with.
 *
 * @module
 */
import { credentialEnvNames } from "./provider_credentials.ts";
import { RefusalError } from "../core/errors.ts";
import { SECRET_MANAGER_ENV_NAMES } from "./manager_env_names.ts";
import { PROXY_ENV_NAMES } from "../net/proxy_settings.ts";

/** Regions where AWS Bedrock runtime endpoints exist (`bedrock-runtime.<region>.amazonaws.com`). */
export const BEDROCK_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "me-central-1",
  "il-central-1",
  "us-gov-east-1",
  "us-gov-west-1",
] as const;

/** Google Cloud locations where Vertex AI endpoints exist (`<location>-aiplatform.googleapis.com`). */
export const VERTEX_LOCATIONS = [
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west4",
  "northamerica-northeast1",
  "southamerica-east1",
  "europe-central2",
  "europe-north1",
  "europe-southwest1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast3",
  "asia-south1",
  "asia-southeast1",
  "australia-southeast1",
  "me-central1",
  "me-central2",
  "me-west1",
] as const;

/** Hosts of the official providers, the only remote hosts omn may connect to. */
export const PROVIDER_HOSTS: readonly string[] = [
  "api.openai.com",
  "api.anthropic.com",
  "generativelanguage.googleapis.com",
  "oauth2.googleapis.com",
  "aiplatform.googleapis.com",
  ...VERTEX_LOCATIONS.map((location) => `${location}-aiplatform.googleapis.com`),
  ...BEDROCK_REGIONS.map((region) => `bedrock-runtime.${region}.amazonaws.com`),
  "*.openai.azure.com",
  "*.cognitiveservices.azure.com",
  "api.mistral.ai",
  "api.x.ai",
  "api.perplexity.ai",
  "openrouter.ai",
];

/** Regions where AWS Secrets Manager endpoints exist (`secretsmanager.<region>.amazonaws.com`). */
export const SECRETS_MANAGER_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-gov-east-1",
  "us-gov-west-1",
] as const;

/**
 * Hosts of the secret managers that secret references (`aws-sm://`,
 * `azure-kv://`, `gcp-sm://`) reach. Vault's host is the user's own: it is
 * allowed with `OMNIMANCER_EXTRA_HOSTS` (loopback needs nothing).
 */
export const SECRET_MANAGER_HOSTS: readonly string[] = [
  ...SECRETS_MANAGER_REGIONS.map((region) => `secretsmanager.${region}.amazonaws.com`),
  "*.vault.azure.net",
  "login.microsoftonline.com",
  "secretmanager.googleapis.com",
];

/**
 * The hosts Deno lets a remote `import()` reach when `--allow-import` is not
 * given (its default list, `deno run --help`). `--allow-net` does not cover
 * them, so a module (a compromised dependency) could send a key out in an
 * import URL; the permission set denies them by name, as a bare
 * `--deny-import` leaves them open (Deno 2.9.6, measured).
 */
export const DENO_DEFAULT_IMPORT_HOSTS: readonly string[] = [
  "deno.land:443",
  "jsr.io:443",
  "esm.sh:443",
  "raw.esm.sh:443",
  "cdn.jsdelivr.net:443",
  "raw.githubusercontent.com:443",
  "gist.githubusercontent.com:443",
];

/** Loopback hosts (Ollama, local gateways and the test fakes), any port. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Environment variables omn may read, by name: its own settings
 * (`OMNIMANCER_*`, a prefix match that Deno supports, which includes
 * `OMNIMANCER_TRUST_DOTENV`), the home directory,
 * display conventions, every credential variable of the provider table, and
 * the secret managers' settings (`VAULT_ADDR`, `VAULT_TOKEN`, `AZURE_TENANT_ID`, …),
 * and the proxy variables (`HTTPS_PROXY`, …), which Deno applies whether or
 * not the program may read them: omn reads them to check them, and takes
 * them out of its environment (`src/net/proxy_routing.ts`).
 */
export const ENV_NAMES: readonly string[] = [
  "HOME",
  "USERPROFILE",
  "OMNIMANCER_*",
  "NO_COLOR",
  "TERM",
  "CI",
  ...credentialEnvNames().filter((name) => !name.startsWith("OMNIMANCER_")),
  ...SECRET_MANAGER_ENV_NAMES.filter((name) => !name.startsWith("OMNIMANCER_")),
  ...PROXY_ENV_NAMES,
];

/**
 * V8's flags for omn, under `deno run` and baked into a compiled binary:
 *
 * - `--min-semi-space-size=8` starts the young generation at 8 MB a
 *   semi-space instead of growing it from 1 MB, so that a short command (the
 *   mock ask, `--help`) ends before its first scavenge instead of stopping
 *   for two (measured: 4 and 1 ms, `--trace-gc`). Memory is not what grows:
 *   the pages are touched only as objects are allocated (the same peak RSS,
 *   46 MB, for `ask --provider mock`).
 * - `--no-lazy` compiles every function of a chunk when the chunk is
 *   compiled, so that Deno's code cache, written right after that compile,
 *   holds all of them: without it the cache holds only each chunk's top
 *   level, and every run compiled each function it called again (half of
 *   the V8 profile of `--help`: parsing and bytecode generation). Measured
 *   with a separate copy of the bundle for each flag set (a bundle run with
 *   both sets in turn has its cache entries rejected and rewritten each
 *   time): 9 ms less for `--help`, 11 ms less for the mock ask, 6 ms less
 *   for `redact`; the same peak RSS; about 10 ms more for a run without a
 *   code cache (the first run).
 *
 * Tried and not set (each against a separate copy of the bundle, interleaved
 * with an empty `deno run`): `--no-maglev,--no-sparkplug` (V8's two middle
 * tiers) ended `--help` 0.5 to 7.5 ms sooner across six runs, but cost
 * `omn batch` (1,000 prompts) 0.03 to 0.08x of its ideal (1.25-1.32x in four
 * paired runs against 1.20-1.24x without; the limit is 1.30x), all of it
 * Maglev's; `--no-sparkplug` alone changed nothing measurable (`--help`
 * +0.1 and -2.7 ms in two runs of 60 rounds, -3.3 ms in one of 50; the mock
 * ask +-0.7 ms); `--jitless` and `--lite-mode` interpret every regex, which
 * `redact` cannot afford. `--invocation-count-for-maglev=4000` and
 * `--invocation-count-for-maglev-osr=1000` (ten times V8's thresholds): the
 * mock ask compiled 1 function with Maglev instead of 5 or 6 and took 0.9 to
 * 3.2 ms less, `--help` 2.6 to 3.5 ms less (200-250 paired rounds), but the
 * long runs paid: `history list` over 2,000 conversations +65 and +70 ms,
 * `history search` +84 ms, `redact` on 124 MB +3%, `batch` 5 to 9% more CPU,
 * and a 500-turn chat and a 16 MiB reply peaked 25 MiB higher.
 * `--invocation-count-for-feedback-allocation=32` (V8's 8): the mock ask 0.7
 * and 1.1 ms less in 200 paired rounds, within the benchmark's noise.
 */
export const V8_FLAGS: readonly string[] = ["--v8-flags=--min-semi-space-size=8,--no-lazy"];

/**
 * The flags besides permissions that `deno run` needs to run omn as its
 * compiled binary runs: a dynamic `import()` loads its module when it runs,
 * not at start-up (Deno otherwise reads every module that any literal
 * `import("…")` names, and all of theirs, before the program starts),
 * no configuration file (`--no-config`), no remote module at all
 * (`--no-remote`), and {@linkcode V8_FLAGS}.
 */
export const RUN_FLAGS: readonly string[] = [
  "--unstable-lazy-dynamic-imports",
  // The bundle holds every package it imports (scripts/lazy_require_helper.ts), and a compiled
  // binary reads no `deno.json`: without this, Deno would read the repository's, and set up
  // npm resolution from its lock file, at every start (measured: 1.3 ms of `omn --version`).
  "--no-config",
  // No remote module, whatever host Deno's default `--allow-import` names (see `--deny-import`).
  "--no-remote",
  ...V8_FLAGS,
];

/** Where the permission set's paths come from. */
export interface PermissionSetOptions {
  /** Directories omn may read and write: the config directory (or the roots that contain it). */
  configDirs: readonly string[];
  /** `.env` files omn may read (the working directory's `./.env`). */
  dotenvFiles: readonly string[];
  /**
   * omn's own modules, when it runs under `deno run` (the bundle in `build/`,
   * or `src/` from source): the modules that commands load on demand need
   * read access to their files. A compiled binary embeds them and needs none.
   */
  programDirs?: readonly string[];
  /** Extra hosts to allow, for custom endpoints (from `OMNIMANCER_EXTRA_HOSTS` at launch or build). */
  extraHosts?: readonly string[];
}

/**
 * The Deno flags of the permission set: network to the provider hosts, the
 * secret managers' hosts and loopback, read of the config directory and `./.env`, write of the config
 * directory only, environment variables by name (every other one reads as
 * unset), never a prompt; no
 * `--allow-run`, `--allow-ffi`, `--allow-sys`, never `-A`.
 *
 * Deno splits a flag's list at every comma and has no escape for one, so a
 * path holding a comma would grant other paths (`/work/x,y/.env` grants
 * `/work/x` and `y/.env`): such a `./.env` is left out (omn then says it
 * may not read it), and such a config or program directory is refused.
 *
 * @throws {RefusalError} when a config or program directory's path holds a comma.
 */
export function permissionFlags(options: PermissionSetOptions): string[] {
  const hosts = [
    ...PROVIDER_HOSTS,
    ...SECRET_MANAGER_HOSTS,
    ...LOOPBACK_HOSTS,
    ...(options.extraHosts ?? []),
  ];
  for (const dir of [...options.configDirs, ...(options.programDirs ?? [])]) {
    if (dir.includes(",")) {
      throw new RefusalError(
        `Cannot grant omn the directory "${dir}": its path holds a comma, which Deno's ` +
          "permission flags read as a separator between paths: use a directory without one " +
          "(OMNIMANCER_HOME for the config directory)",
      );
    }
  }
  const dotenvFiles = options.dotenvFiles.filter((file) => !file.includes(","));
  const readable = [...options.configDirs, ...dotenvFiles, ...(options.programDirs ?? [])];
  return [
    "--no-prompt",
    `--allow-net=${hosts.join(",")}`,
    `--allow-read=${readable.join(",")}`,
    `--allow-write=${options.configDirs.join(",")}`,
    `--allow-env=${ENV_NAMES.join(",")}`,
    // Every other variable reads as unset instead of failing: provider packages probe
    // variables such as OPENAI_BASE_URL when they load, and must neither see nor crash on them.
    "--ignore-env",
    // omn imports nothing remote: its bundle is local (a compiled binary embeds it).
    `--deny-import=${DENO_DEFAULT_IMPORT_HOSTS.join(",")}`,
  ];
}

/** Parses `OMNIMANCER_EXTRA_HOSTS` (comma- or space-separated host[:port] list). */
export function parseExtraHosts(value: string | undefined): string[] {
  if (!value) return [];
  const hosts = value.split(/[\s,]+/).filter((host) => host.length > 0);
  for (const host of hosts) {
    if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:]+\](:\d{1,5})?$/.test(host)) {
      throw new TypeError(`Cannot use extra host "${host}": expected host or host:port`);
    }
  }
  return hosts;
}
