/**
 * Imports a module when it is first needed, without making it part of the
 * program's start-up graph.
 *
 * Deno loads every module that a literal `import("…")` names, and all of
 * theirs, when the program starts, even if the import never runs: with the
 * provider packages behind them that costs every `omn` invocation more than
 * Deno's own start-up. A computed specifier is loaded only when the import
 * runs. Call it with the module's type, so the result stays typed:
 *
 * ```ts
 * const { runScan } = await lazyImport<typeof import("./run_scan.ts")>("./run_scan.ts", import.meta.url);
 * ```
 *
 * `deno compile` embeds these modules through `--include src` (scripts/compile.ts).
 *
 * @module
 */

/** Imports `specifier`, resolved against `base` (the caller's `import.meta.url`). */
export function lazyImport<T>(specifier: string, base: string): Promise<T> {
  return import(new URL(specifier, base).href);
}
