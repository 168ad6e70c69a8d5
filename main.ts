/**
 * The `omn` executable: run the CLI and exit with the code it maps to.
 *
 * `--version` is answered before the command tree is loaded, so the most
 * common probe of a binary costs no more than starting Deno.
 *
 * @module
 */
import { versionText } from "./src/version.ts";

if (Deno.args.length === 1 && (Deno.args[0] === "--version" || Deno.args[0] === "-V")) {
  console.log(versionText());
} else {
  const { runCli } = await import("./src/cli/run_cli.ts");
  const { processStreams } = await import("./src/cli/io.ts");
  const code = await runCli(Deno.args, {
    streams: processStreams(),
    env: (name) => Deno.env.get(name),
    cwd: Deno.cwd(),
  });
  Deno.exit(code);
}
