/**
 * Shared helpers of the config tests: temporary config directories, file
 * modes, and child processes that run the store under omn's permission set.
 *
 * @module
 */
import { type ConfigPaths, configPaths } from "../../src/config/paths.ts";
import { ConfigStore, type ConfigStoreOptions } from "../../src/config/store.ts";

/** The repository root, where deno.json is. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname;

/** The worker script that children run. */
export const WORKER: string = new URL("./_store_worker.ts", import.meta.url).pathname;

/** A canary OpenAI-shaped secret that must never leak where it should not. */
export const CANARY_KEY = "sk-proj-CANARY0000000000000000000000000000000000000000T3BlbkFJcanary";

/** A fresh temporary directory and the config paths inside it (`<tmp>/home`). */
export async function tempConfig(): Promise<{ root: string; paths: ConfigPaths }> {
  const root = await Deno.makeTempDir({ prefix: "omn-config-test-" });
  const paths = configPaths((name) => (name === "OMNIMANCER_HOME" ? `${root}/home` : undefined));
  return { root, paths };
}

/** A store over a fresh temporary config directory. */
export async function tempStore(
  options: ConfigStoreOptions = {},
): Promise<{ root: string; paths: ConfigPaths; store: ConfigStore }> {
  const { root, paths } = await tempConfig();
  return { root, paths, store: new ConfigStore(paths, options) };
}

/** The permission bits of a path. */
export async function modeOf(path: string): Promise<number> {
  return (await Deno.lstat(path)).mode! & 0o777;
}

/** The names in a directory, sorted. */
export async function namesIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/** A clock that starts at `start` and moves one second per call. */
export function steppingClock(start = Date.UTC(2025, 0, 2, 3, 4, 5, 678)): () => Date {
  let calls = 0;
  return () => new Date(start + 1000 * calls++);
}

/** Options of {@linkcode runWorker}. */
export interface RunWorkerOptions {
  /** The umask the child runs under; the parent's when absent. */
  umask?: string;
  /** Extra deno flags, e.g. `--deny-write=…`. */
  extraFlags?: string[];
}

/**
 * The command that runs `_store_worker.ts` in a child `deno run` under omn's
 * permission set: read and write only the config directory `configDir`
 * (which is also its `OMNIMANCER_HOME`), a few named variables, no
 * `--allow-sys`. With `umask`, the child is started by `sh` after `umask`.
 */
export function workerCommand(
  configDir: string,
  args: string[],
  options: RunWorkerOptions & { stdout?: "piped" | "null"; stdin?: "piped" | "null" } = {},
): Deno.Command {
  const denoArgs = [
    "run",
    "--no-lock",
    "--no-prompt",
    `--config=${REPO_ROOT}deno.json`,
    `--allow-read=${configDir}`,
    `--allow-write=${configDir}`,
    "--allow-env=OMNIMANCER_HOME,HOME,USERPROFILE",
    ...(options.extraFlags ?? []),
    WORKER,
    ...args,
  ];
  const common = {
    env: { OMNIMANCER_HOME: configDir, NO_COLOR: "1" },
    cwd: REPO_ROOT,
    stdin: options.stdin ?? "null",
    stdout: options.stdout ?? "piped",
    stderr: "piped",
  } as const;
  return options.umask === undefined
    ? new Deno.Command(Deno.execPath(), { args: denoArgs, ...common })
    : new Deno.Command("sh", {
      args: ["-c", `umask ${options.umask} && exec "$@"`, "sh", Deno.execPath(), ...denoArgs],
      ...common,
    });
}

/** Runs {@linkcode workerCommand} to the end and returns its exit code and output. */
export async function runWorker(
  configDir: string,
  args: string[],
  options: RunWorkerOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await workerCommand(configDir, args, options).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/**
 * A validator for `assert.throws` and `assert.rejects`: the error is a
 * `type` and its message matches `pattern` (a string is matched literally).
 */
export function errorLike(
  type: new (...args: never[]) => Error,
  pattern: RegExp | string,
): (error: unknown) => true {
  return (error) => {
    if (!(error instanceof type)) {
      throw new Error(`Expected a ${type.name}, got: ${String(error)}`, { cause: error });
    }
    const matches = typeof pattern === "string"
      ? error.message.includes(pattern)
      : pattern.test(error.message);
    if (!matches) {
      throw new Error(`Message ${JSON.stringify(error.message)} does not match ${String(pattern)}`);
    }
    return true;
  };
}
