/**
 * The arguments of `deno compile` for one target (scripts/compile.ts).
 *
 * @module
 */
import { V8_FLAGS } from "../src/permissions/permission_set.ts";

/** What {@linkcode compileArgs} builds the command line from. */
export interface CompileArgsOptions {
  /** The target triple. */
  target: string;
  /** The bundle's directory, embedded whole: its chunks load on demand. */
  bundleDir: string;
  /** The binary to write. */
  output: string;
  /** The permission flags (`releaseFlags`). */
  flags: readonly string[];
  /** The entry point that stamps the build and imports the bundle. */
  entry: string;
}

/**
 * `deno compile` of the bundle under the permission flags, with V8's flags
 * ({@linkcode V8_FLAGS}) baked in as `deno run` gets them.
 *
 * @example
 * ```ts
 * import { compileArgs } from "./compile_args.ts";
 * compileArgs({ target: "x86_64-unknown-linux-gnu", bundleDir: "b/", output: "omn", flags: [], entry: "e.ts" });
 * // ["compile", "-q", "--target", "x86_64-unknown-linux-gnu", "--include", "b/", "--output", "omn", "--v8-flags=--min-semi-space-size=8,--no-lazy", "e.ts"]
 * ```
 */
export function compileArgs(options: CompileArgsOptions): string[] {
  return [
    "compile",
    "-q",
    "--target",
    options.target,
    "--include",
    options.bundleDir,
    "--output",
    options.output,
    ...V8_FLAGS,
    ...options.flags,
    options.entry,
  ];
}
