/**
 * Prints the release permission flags for a working directory, space
 * separated, for shell scripts (the benchmarks) that run the bundle
 * (`build/main.js`) directly.
 *
 * @module
 */
import { launchFlags } from "./launch_flags.ts";

console.log(launchFlags((name) => Deno.env.get(name), Deno.args[0] ?? Deno.cwd()).join(" "));
