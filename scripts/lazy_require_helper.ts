/**
 * Makes the `require` helper that `deno bundle` writes for CommonJS code
 * load Node's module system when it is first called, not when its chunk
 * loads.
 *
 * The AWS packages behind Bedrock (`@ai-sdk/amazon-bedrock`, `@smithy/*`)
 * and some of OpenRouter's are CommonJS. Bundling them makes `deno bundle`
 * put `import { createRequire } from "node:module"` and
 * `var __require = createRequire(import.meta.url)` into the helper chunk
 * that every chunk imports, and loading `node:module` at every start cost
 * about as much as Deno's own start-up (measured: `omn --version` 29
 * against 15 ms). Rewritten, the helper asks Deno for `node:module`
 * (`process.getBuiltinModule`, no import) on its first call, which only the
 * CommonJS code makes. So the whole program is in the bundle, and `deno run`
 * needs no `deno.json` to run it (`--no-config`, `RUN_FLAGS`).
 *
 * @module
 */

/** The import `deno bundle` writes for its helper. */
const IMPORT = 'import { createRequire as __deno_internal_createRequire } from "node:module";\n';

/** The helper as `deno bundle` writes it. */
const HELPER = "var __require = __deno_internal_createRequire(import.meta.url);";

/** The helper, creating the `require` function on its first call. */
const LAZY_HELPER = "var __omn_require;\n" +
  "var __require = (id) => (__omn_require ??= globalThis.process.getBuiltinModule(" +
  '"node:module").createRequire(import.meta.url))(id);';

/**
 * `chunk` with `deno bundle`'s `require` helper made lazy (unchanged when it
 * has none).
 *
 * @throws {Error} when the chunk has the import without the helper, the
 * helper without the import, or another use of `createRequire`: the bundler
 * writes them otherwise than this expects.
 *
 * @example
 * ```ts
 * import { lazyRequireHelper } from "./lazy_require_helper.ts";
 * lazyRequireHelper("var x = 1;\n"); // "var x = 1;\n"
 * ```
 */
export function lazyRequireHelper(chunk: string): string {
  const imports = chunk.split(IMPORT).length - 1;
  const helpers = chunk.split(HELPER).length - 1;
  if (imports === 0 && helpers === 0 && !chunk.includes("__deno_internal_createRequire")) {
    return chunk;
  }
  const rewritten = chunk.replace(IMPORT, "").replace(HELPER, LAZY_HELPER);
  if (
    imports !== 1 || helpers !== 1 || rewritten.includes("__deno_internal_createRequire") ||
    /from\s*["']node:module["']/.test(rewritten)
  ) {
    throw new Error(
      "Cannot make the bundle's require helper lazy: deno bundle no longer writes " +
        `${JSON.stringify(IMPORT.trim())} and ${JSON.stringify(HELPER)} once each in the chunk ` +
        "that holds them: update scripts/lazy_require_helper.ts",
    );
  }
  return rewritten;
}
