/**
 * The `omn` executable: run the CLI and exit with the code it maps to.
 *
 * Two invocations are answered before the command tree is loaded, so they
 * cost little more than starting Deno: `--version` (and `--version --json`),
 * the usual probe of a binary, and a bare `redact`, the usual filter in a
 * pipeline. Everything
 * else goes through `src/cli/run_cli.ts` (`src/cli/run_process_cli.ts`).
 *
 * @module
 */
import { versionJson, versionText } from "./src/version.ts";

const args = Deno.args;
const version = args[0] === "--version" || args[0] === "-V";
if (version && args.length === 1) {
  printLine(versionText());
} else if (version && args.length === 2 && args[1] === "--json") {
  printLine(versionJson());
} else if (args.length === 1 && args[0] === "redact") {
  const { runRedactOnly } = await import("./src/cli/run_redact_only.ts");
  Deno.exit(await runRedactOnly((name) => Deno.env.get(name)));
} else {
  const { runProcessCli } = await import("./src/cli/run_process_cli.ts");
  Deno.exit(await runProcessCli(args));
}

/** Prints one line on stdout; a stdout that cannot take it ends omn in one line (closed: quietly). */
function printLine(text: string): void {
  try {
    console.log(text);
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) {
      const message = error instanceof Error ? error.message : String(error);
      try {
        Deno.stderr.writeSync(new TextEncoder().encode(`error: ${message}\n`));
      } catch {
        // Nowhere left to tell it.
      }
      Deno.exit(1);
    }
  }
}
