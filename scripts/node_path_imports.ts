/**
 * Points every `import { … } from "node:path"` of a bundle chunk at
 * `src/core/node_path.ts` (bundled beside it), which does what `node:path`
 * does without loading Deno's Node compatibility modules on start (see that
 * module).
 *
 * @module
 */

/** The names `src/core/node_path.ts` exports, that an import of `node:path` may take. */
export const NODE_PATH_EXPORTS: readonly string[] = [
  "sep",
  "delimiter",
  "normalize",
  "join",
  "resolve",
  "relative",
  "dirname",
  "basename",
  "extname",
  "isAbsolute",
  "posix",
  "win32",
];

const PATH_IMPORT = /^import\s+(.+?)\s+from\s+"node:path(\/[a-z0-9]+)?";$/;

/**
 * The chunk with its `node:path` imports taken from `shimPath` (a relative
 * import specifier); throws on an import the shim cannot stand for (a
 * default or namespace import, a subpath, a name it does not export).
 */
export function rewriteNodePathImports(chunk: string, shimPath: string): string {
  return chunk.split("\n").map((line) => {
    const match = PATH_IMPORT.exec(line);
    if (!match) return line;
    const named = /^\{\s*(.*?)\s*\}$/.exec(match[1]);
    if (match[2] !== undefined || !named) {
      throw new Error(
        `Cannot bundle the import "${line}": import names from "node:path" (src/core/node_path.ts stands for it)`,
      );
    }
    for (const part of named[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name !== "" && !NODE_PATH_EXPORTS.includes(name)) {
        throw new Error(
          `Cannot bundle the import of "${name}" from "node:path": src/core/node_path.ts does not provide it`,
        );
      }
    }
    return `import { ${named[1]} } from ${JSON.stringify(shimPath)};`;
  }).join("\n");
}
