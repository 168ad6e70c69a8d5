/**
 * Reads credentials from `.env` files, and nothing else.
 *
 * A `.env` file in the working directory may come with a cloned repository,
 * so it is not trusted with anything that changes where requests go: only
 * the variables of the credential table are kept. Endpoints, base URLs,
 * proxies, hosts and TLS settings are ignored with a warning; any other
 * variable is ignored quietly and listed by name in `ignored`. Nothing is
 * ever copied into the process environment.
 *
 * `parseDotenv` is pure; `loadDotenv` reads the file and calls it.
 *
 * @module
 */

import { OmnError } from "../core/errors.ts";
import { credentialEnvNames } from "../permissions/provider_credentials.ts";

/** What a `.env` file supplied. Warnings and `ignored` hold names only, never values. */
export interface DotenvResult {
  /** Credential variables by name; empty values are left out. */
  values: Record<string, string>;
  /** Sentences to show the user, e.g. about an ignored endpoint. */
  warnings: string[];
  /** Names of other variables ignored without a warning, made safe to print. */
  ignored: string[];
}

/** Options of {@linkcode parseDotenv}. */
export interface ParseDotenvOptions {
  /** Ids of custom providers whose `OMNIMANCER_<ID>_API_KEY` may be read too. */
  readonly customProviders?: readonly string[];
}

/** Names that redirect requests: endpoints, base URLs, hosts. */
const ENDPOINT_NAME = /(BASE_URL|ENDPOINT|API_BASE|_HOST|_URL)$/;

/** Endpoint-like settings the pattern above does not catch. */
const ENDPOINT_SETTINGS: ReadonlySet<string> = new Set([
  "OMNIMANCER_HOME",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "VAULT_ADDR",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
]);

/** Settings that weaken TLS or change the runtime: never from `.env`. */
const RUNTIME_SETTINGS: ReadonlySet<string> = new Set([
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "NODE_EXTRA_CA_CERTS",
  "NODE_OPTIONS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "DENO_DIR",
]);

/**
 * A variable name safe to print: a `.env` file may come from anyone, and
 * `parseEnv` accepts names with spaces, quotes or terminal escape sequences.
 * Plain names are kept; others are quoted with every character outside
 * printable ASCII spelled as `\u{…}`.
 */
function printableName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return name;
  const escaped = name.replace(
    /[^ -~]|["\\]/gu,
    (character) => `\\u{${character.codePointAt(0)?.toString(16)}}`,
  );
  return `"${escaped}"`;
}

function ignoredWarning(name: string, source: string): string | undefined {
  const upper = name.toUpperCase();
  if (ENDPOINT_NAME.test(upper) || ENDPOINT_SETTINGS.has(upper)) {
    return `Ignoring ${printableName(name)} in "${source}": ` +
      ".env files may only supply credentials, set endpoints in the config file";
  }
  if (RUNTIME_SETTINGS.has(upper) || upper.startsWith("OMNIMANCER_")) {
    return `Ignoring ${printableName(name)} in "${source}": ` +
      ".env files may only supply credentials, set it in the environment or the config file";
  }
  return undefined;
}

/**
 * `parseEnv` of `node:util`, loaded when a file is first parsed: importing
 * `node:util` loads Deno's Node compatibility modules, which would cost
 * every start of omn, with or without a `.env` file.
 */
function parseEnv(text: string): Record<string, string> {
  const { process } = globalThis as unknown as {
    process: { getBuiltinModule(name: "node:util"): typeof import("node:util") };
  };
  return process.getBuiltinModule("node:util").parseEnv(text) as Record<string, string>;
}

/**
 * Parses the text of a `.env` file (with `parseEnv` from `node:util`) and
 * keeps only credential variables. `source` is how the file is named in
 * warnings, e.g. `./.env`.
 *
 * @example
 * ```ts
 * import { parseDotenv } from "./load_dotenv.ts";
 * const result = parseDotenv("OPENAI_BASE_URL=https://example.test\n", "./.env");
 * // result.warnings: ['Ignoring OPENAI_BASE_URL in "./.env": .env files may only
 * //   supply credentials, set endpoints in the config file']
 * ```
 */
export function parseDotenv(
  text: string,
  source: string,
  options: ParseDotenvOptions = {},
): DotenvResult {
  const allowed = new Set(credentialEnvNames(options));
  // A byte order mark (a file saved by some Windows editors) would become part of the first name.
  const parsed = parseEnv(text.startsWith("\uFEFF") ? text.slice(1) : text);
  const result: DotenvResult = { values: {}, warnings: [], ignored: [] };
  for (const [name, value] of Object.entries(parsed)) {
    if (allowed.has(name)) {
      if (value !== "") result.values[name] = value;
      continue;
    }
    const warning = ignoredWarning(name, source);
    if (warning === undefined) result.ignored.push(printableName(name));
    else result.warnings.push(warning);
  }
  return result;
}

/** Options of {@linkcode loadDotenv}. */
export interface LoadDotenvOptions extends ParseDotenvOptions {
  /** How the file is named in warnings; the path by default. */
  readonly source?: string;
  /** Reads a file as text; `Deno.readTextFile` by default (tests inject failures). */
  readonly readTextFile?: (path: string) => Promise<string>;
}

/**
 * Reads a `.env` file and keeps its credential variables. A missing file is
 * empty. A file the program may not read (by the operating system or by the
 * Deno permission set) is treated as absent, with a warning naming it. Any
 * other failure is thrown.
 *
 * @example
 * ```ts
 * import { loadDotenv } from "./load_dotenv.ts";
 * const { values, warnings } = await loadDotenv(".env", { source: "./.env" });
 * ```
 */
export async function loadDotenv(
  path: string,
  options: LoadDotenvOptions = {},
): Promise<DotenvResult> {
  const source = options.source ?? path;
  const readTextFile = options.readTextFile ?? Deno.readTextFile;
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { values: {}, warnings: [], ignored: [] };
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      return {
        values: {},
        warnings: [`Ignoring "${source}": permission to read it was denied`],
        ignored: [],
      };
    }
    if (error instanceof OmnError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read "${source}": ${reason}`, { cause: error });
  }
  return parseDotenv(text, source, options);
}
