/**
 * Node modules that omn's own code must not import, because of what they
 * cost every start: `node:async_hooks` loads Deno's Node compatibility layer
 * (measured at about 15 ms for a script that only imports it), and the one
 * thing omn used it for, carrying a request's retry session, travels as the
 * request's signal instead (src/net/retry_session.ts). The test reads every
 * file of `src/` and `main.ts` and names each file that mentions one, in an
 * import, a re-export, a dynamic import or `process.getBuiltinModule`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The modules, with and without the `node:` prefix, and why each is refused. */
const REFUSED: Readonly<Record<string, string>> = {
  async_hooks: "loads the Node compatibility layer at start; carry state in a signal or argument",
};

/** Every `.ts` file under `dir`, relative to the root. */
async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await sourceFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts")) files.push(relative(ROOT, path));
  }
  return files;
}

/** Where a module specifier stands: after `from`, `import`, `import(`, `require(`, `getBuiltinModule(`. */
const SPECIFIER_AFTER =
  "(?:\\bfrom|\\bimport|\\bimport\\s*\\(|\\brequire\\s*\\(|\\bgetBuiltinModule\\s*\\()\\s*";

/** The refused modules that `source` imports, each once. */
function refusedModulesIn(source: string): string[] {
  return Object.keys(REFUSED).filter((name) =>
    new RegExp(`${SPECIFIER_AFTER}["'\`](node:)?${name}(/[^"'\`]*)?["'\`]`).test(source)
  );
}

Deno.test("refusedModulesIn finds every way to name node:async_hooks, and nothing else", () => {
  for (
    const source of [
      'import { AsyncLocalStorage } from "node:async_hooks";',
      "import { AsyncLocalStorage } from 'async_hooks';",
      'export { AsyncLocalStorage } from "node:async_hooks";',
      "const { AsyncLocalStorage } = await import(`node:async_hooks`);",
      'process.getBuiltinModule("node:async_hooks")',
      'const hooks = require("async_hooks");',
      'import "node:async_hooks";',
    ]
  ) {
    assert.deepEqual(refusedModulesIn(source), ["async_hooks"], source);
  }
  for (
    const source of [
      'import { join } from "node:path";',
      "// an AsyncLocalStorage from node:async_hooks used to carry the session",
      " * No `node:async_hooks`: it loads the Node compatibility layer",
      'const name = "async_hooks_free";',
    ]
  ) {
    assert.deepEqual(refusedModulesIn(source), [], source);
  }
});

Deno.test("src/ and main.ts import no node:async_hooks", async () => {
  const files = ["main.ts", ...await sourceFiles(join(ROOT, "src"))];
  assert.ok(files.includes(join("src", "net", "retry_session.ts")), "the reader sees src/net/");
  const found: string[] = [];
  for (const file of files) {
    for (const name of refusedModulesIn(await Deno.readTextFile(join(ROOT, file)))) {
      found.push(`${file} imports "node:${name}": ${REFUSED[name]}`);
    }
  }
  assert.deepEqual(found, [], found.join("\n"));
});
