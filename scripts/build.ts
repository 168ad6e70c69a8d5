/**
 * `deno task build`: bundles omn into `build/` (entry point `build/main.js`),
 * the program that `deno task omn`, the end-to-end tests and the benchmarks
 * run, and that `deno task compile` compiles.
 *
 * One bundle instead of some 250 source and package modules saves Deno a
 * file read, a cache lookup and a compile per module on every start. It is
 * split at each dynamic `import()`, so a run still loads only the code its
 * command uses (under `RUN_FLAGS`, src/permissions/permission_set.ts).
 *
 * It bundles only when a file the bundle is built from changed since the
 * last build (`build/.fingerprint`), and any number of builds may run at
 * once: one bundles, the others wait for it (scripts/ensure_build.ts).
 * `--force` bundles even when the bundle is current.
 *
 * Usage: deno task build [--force]
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { redact, registerSecret } from "../src/security/redact.ts";
import { registerEnvironmentSecrets } from "../src/credentials/register_environment_secrets.ts";
import { BundleError } from "./bundle_errors.ts";
import { type Bundler, ensureBuild } from "./ensure_build.ts";

/** What {@linkcode runBuild} needs; tests pass a project of their own. */
export interface BuildOptions {
  /** The project's root (with `main.ts`); this project by default. */
  root?: string;
  /** Bundles even when the bundle is current. */
  force?: boolean;
  /** Prints `build: current` or `build: built`. */
  verbose?: boolean;
  /** Writes one line to stderr. */
  writeError?: (line: string) => void;
  /** The bundler (`bundleProgram` by default). */
  bundle?: Bundler;
  /** The environment, whose credentials are masked in the errors; `Deno.env` by default. */
  env?: (name: string) => string | undefined;
}

/**
 * Builds, and returns the exit code: 0, or 1 when the bundle fails, after
 * one line per error the bundler reported (`Cannot bundle omn:
 * main.ts:2:11: SyntaxError: Expression expected`), each redacted (a source
 * line or path may hold a key: credential formats and the values of the
 * environment's credential variables are masked), then what became of `build/`.
 */
export async function runBuild(options: BuildOptions = {}): Promise<number> {
  const root = options.root ?? fileURLToPath(new URL("../", import.meta.url));
  const writeError = options.writeError ?? ((line: string) => console.error(line));
  if (options.force) await Deno.remove(join(root, "build", ".fingerprint")).catch(() => {});
  try {
    const outcome = await ensureBuild(root, options.bundle);
    if (options.verbose) writeError(`build: ${outcome}`);
    return 0;
  } catch (error) {
    // A source line or path may hold a key: the environment's are masked too, not only known formats.
    registerEnvironmentSecrets(options.env ?? ((name) => Deno.env.get(name)), registerSecret);
    const errors = error instanceof BundleError
      ? error.errors
      : [error instanceof Error ? error.message : String(error)];
    for (const line of errors) writeError(redact(`Cannot bundle omn: ${oneLine(line)}`));
    writeError(
      `Cannot bundle omn: ${errors.length} ${
        errors.length === 1 ? "error" : "errors"
      } (above): fix them and run "deno task build" again; build/ was left as it was`,
    );
    return 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

if (import.meta.main) {
  Deno.exit(
    await runBuild({
      force: Deno.args.includes("--force"),
      verbose: Boolean(Deno.env.get("OMN_BUILD_VERBOSE")),
    }),
  );
}
