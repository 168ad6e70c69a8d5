/**
 * Runs the real CLI as a subprocess under the release permission set, with a
 * clean environment (`childEnv`, ./_child_env.ts) and a temporary config directory.
 *
 * @module
 */
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { omnRunArgs } from "./_program.ts";

export { readTree, tempWorkspace, type Workspace } from "./_workspace.ts";

/** What one run of `omn` printed and returned. */
export interface OmnResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one run. */
export interface RunOmnOptions {
  /** The config directory (`OMNIMANCER_HOME`). */
  home: string;
  /** The working directory (where `./.env` is read). */
  cwd: string;
  /** Standard input (text, or bytes as they are); none (`/dev/null`) when absent. */
  stdin?: string | Uint8Array;
  /** Extra environment variables (the environment is otherwise the runtime's own, `childEnv`). */
  env?: Record<string, string>;
  /** A module Deno runs before omn (`--preload`), for a test that watches what omn's code does. */
  preload?: string;
}

/**
 * One start of `omn args…`, counted (`noteOmnStart`): its environment and
 * the command that runs the bundle under the release permission set
 * (runtime, flags, bundle), to which the caller appends `args`, itself or
 * through a shell, perl or `script`.
 */
export function omnLaunch(
  args: readonly string[],
  options: Omit<RunOmnOptions, "stdin">,
): { env: Record<string, string>; command: string[] } {
  const env = childEnv({ OMNIMANCER_HOME: options.home, NO_COLOR: "1", ...options.env });
  noteOmnStart(args);
  const run = omnRunArgs((name) => env[name], options.cwd);
  if (options.preload !== undefined) run.splice(run.length - 1, 0, "--preload", options.preload);
  return { env, command: [Deno.execPath(), ...run] };
}

/** Runs `omn args…` and collects its output. */
export async function runOmn(args: string[], options: RunOmnOptions): Promise<OmnResult> {
  const cwd = options.cwd;
  const { env, command: [program, ...flags] } = omnLaunch(args, options);
  const child = new Deno.Command(program, {
    args: [...flags, ...args],
    cwd,
    env,
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(
      typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin,
    );
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Starts `omn args…` with piped stdout and stderr, for tests that act while
 * it runs (signals, a closed pipe). The caller reads or cancels both
 * streams; stdin is none (`/dev/null`) unless `stdin` is `"piped"`, which
 * the caller then writes and closes.
 */
export function spawnOmn(
  args: string[],
  options: Omit<RunOmnOptions, "stdin">,
  stdin: "null" | "piped" = "null",
): Deno.ChildProcess {
  const { env, command: [program, ...flags] } = omnLaunch(args, options);
  return new Deno.Command(program, {
    args: [...flags, ...args],
    cwd: options.cwd,
    env,
    clearEnv: true,
    stdin,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}
