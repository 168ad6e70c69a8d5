/**
 * Points the `node:` imports of commander's modules in a bundle chunk at
 * `src/cli/commander_node.ts` (bundled beside it), so that starting omn
 * does not load Deno's Node compatibility modules (see that module).
 *
 * esbuild keeps each module's imports under the comment that names the
 * module (`// …/commander/15.1.0/lib/command.js`); only the imports under a
 * commander module's comment are rewritten, never those of omn's own
 * modules in the same chunk.
 *
 * @module
 */

/** What each `node:` import of commander becomes: the shim's export of its default, or named. */
export const COMMANDER_NODE_EXPORTS: Readonly<
  Record<string, { default?: string; named?: readonly string[] }>
> = {
  "node:events": { named: ["EventEmitter"] },
  "node:util": { named: ["stripVTControlCharacters"] },
  "node:process": { default: "processModule" },
  "node:fs": { default: "fsModule" },
  "node:path": { default: "pathModule" },
  "node:child_process": { default: "childProcessModule" },
};

const MODULE_COMMENT = /^\/\/ (\S(?:.*\S)?\.(?:[cm]?[jt]sx?|json))$/;
const COMMANDER_MODULE = /(^|\/)commander\/[^/]+\/(lib\/)?[^/]+\.[cm]?js$/;
const NODE_IMPORT = /^import\s+(.+?)\s+from\s+"(node:[^"]+)";$/;

/** Whether a chunk holds commander's modules. */
export function holdsCommander(chunk: string): boolean {
  return chunk.split("\n").some((line) => {
    const match = MODULE_COMMENT.exec(line);
    return match !== null && COMMANDER_MODULE.test(match[1]);
  });
}

/**
 * The chunk with commander's `node:` imports taken from `shimPath` (a
 * relative import specifier); throws when commander imports a `node:`
 * module, or a name of one, that the shim does not provide.
 */
export function rewriteCommanderImports(chunk: string, shimPath: string): string {
  let inCommander = false;
  return chunk.split("\n").map((line) => {
    const comment = MODULE_COMMENT.exec(line);
    if (comment) inCommander = COMMANDER_MODULE.test(comment[1]);
    const match = inCommander ? NODE_IMPORT.exec(line) : null;
    if (!match) return line;
    const [, clause, module] = match;
    const provided = COMMANDER_NODE_EXPORTS[module];
    if (provided === undefined) {
      throw new Error(
        `Cannot bundle commander: it imports "${module}", which src/cli/commander_node.ts does not provide`,
      );
    }
    const named = /^\{\s*(.*?)\s*\}$/.exec(clause);
    if (named) {
      for (const part of named[1].split(",")) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name !== "" && !provided.named?.includes(name)) {
          throw new Error(
            `Cannot bundle commander: it imports "${name}" of "${module}", which src/cli/commander_node.ts does not provide`,
          );
        }
      }
      return `import { ${named[1]} } from ${JSON.stringify(shimPath)};`;
    }
    if (/^[A-Za-z_$][\w$]*$/.test(clause) && provided.default !== undefined) {
      return `import { ${provided.default} as ${clause} } from ${JSON.stringify(shimPath)};`;
    }
    throw new Error(
      `Cannot bundle commander: cannot rewrite its import "${line}" to src/cli/commander_node.ts`,
    );
  }).join("\n");
}
