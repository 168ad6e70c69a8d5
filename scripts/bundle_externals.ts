/**
 * The packages that `deno task build` leaves out of the bundle; Deno loads
 * them from its npm cache (or, in a compiled binary, from the embedded copy)
 * when they are imported.
 *
 * It is CommonJS. Bundled, it would make esbuild put a
 * `createRequire` import of `node:module` into the helper chunk that every
 * chunk imports, and loading Node's module system would cost every start,
 * even `omn --version`, about as much as Deno's own start-up (measured here:
 * 29 against 15 ms). Left out, it costs only the commands that use it
 * (`@ai-sdk/amazon-bedrock`: its AWS dependencies, `@smithy/*`).
 *
 * `commander` and `@commander-js/extra-typings` (ES modules) are bundled:
 * their `node:` imports are pointed at `src/cli/commander_node.ts`
 * (scripts/bundle_program.ts), which loads none of Node's modules on start.
 *
 * @module
 */

/** Package names passed to `deno bundle --external`. */
export const BUNDLE_EXTERNALS: readonly string[] = [
  "@ai-sdk/amazon-bedrock",
];
