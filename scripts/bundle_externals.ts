/**
 * The packages that `deno task build` leaves out of the bundle; Deno loads
 * them from its npm cache (or, in a compiled binary, from the embedded copy)
 * when they are imported.
 *
 * They are CommonJS. Bundled, they would make esbuild put a
 * `createRequire` import of `node:module` into the helper chunk that every
 * chunk imports, and loading Node's module system would cost every start,
 * even `omn --version`, about as much as Deno's own start-up (measured here:
 * 29 against 15 ms). Left out, they cost only the commands that use them;
 * bundling them would save little, because their cost is the Node built-in
 * modules they load.
 *
 * - `commander` and `@commander-js/extra-typings`: the command tree.
 * - `@ai-sdk/amazon-bedrock`: its AWS dependencies (`@smithy/*`).
 *
 * @module
 */

/** Package names passed to `deno bundle --external`. */
export const BUNDLE_EXTERNALS: readonly string[] = [
  "commander",
  "@commander-js/extra-typings",
  "@ai-sdk/amazon-bedrock",
];
