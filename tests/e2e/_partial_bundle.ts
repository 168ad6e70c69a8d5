/**
 * Running the bundle with only some of its files readable: a module the
 * command loads from an unreadable chunk is refused by the permission set,
 * and the command fails naming the chunk. The loading tests
 * (`provider_loading_test.ts`, `zod_loading_test.ts`,
 * `mock_ask_loading_test.ts`) prove with it what a command does not load.
 *
 * @module
 */
import { join } from "node:path";
import { childEnv, noteOmnStart } from "./_child_env.ts";
import { BUILD_DIR, PROGRAM } from "../../scripts/launch_flags.ts";
import { permissionFlags, RUN_FLAGS } from "../../src/permissions/permission_set.ts";
import "./_program.ts";
import type { Workspace } from "./_omn.ts";

/** Every file of the bundle, in build/ and its folders (the build's own `src/` shims). */
export async function bundlePaths(directory = BUILD_DIR): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(directory)) {
    const path = join(directory, entry.name);
    if (entry.isDirectory) paths.push(...await bundlePaths(path));
    else paths.push(path);
  }
  return paths;
}

/** Runs `omn args` under the permission set with only the bundle files `readable` readable. */
export async function runWithReadableBundle(
  args: string[],
  workspace: Workspace,
  readable: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const flags = permissionFlags({
    configDirs: [workspace.home],
    dotenvFiles: [join(workspace.cwd, ".env")],
    programDirs: readable,
  });
  noteOmnStart(args);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", ...RUN_FLAGS, ...flags, PROGRAM, ...args],
    cwd: workspace.cwd,
    env: childEnv({ OMNIMANCER_HOME: workspace.home, NO_COLOR: "1", ...env }),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
