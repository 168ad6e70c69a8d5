/**
 * The temporary workspace of an end-to-end test (a config directory and a
 * working directory), apart from `./_omn.ts` so that tests that run omn in
 * process (`./_in_process.ts`) do not need the bundle in `build/`.
 *
 * @module
 */

/** A temporary workspace: `home` (the config directory, not yet created) and `cwd` (created). */
export interface Workspace {
  root: string;
  home: string;
  cwd: string;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates a workspace that `await using` removes. */
export async function tempWorkspace(): Promise<Workspace> {
  const root = await Deno.makeTempDir({ prefix: "omn-e2e-" });
  await Deno.mkdir(`${root}/work`);
  return {
    root,
    home: `${root}/home`,
    cwd: `${root}/work`,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** Every file under `dir`, recursively, as text (for canary searches). */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      for (const [key, value] of await readTree(path)) files.set(key, value);
    } else if (entry.isFile) files.set(path, await Deno.readTextFile(path));
  }
  return files;
}
