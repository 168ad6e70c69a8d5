/**
 * Plays a compromised dependency inside omn: runs `omn config path` through
 * the real process entry (`runProcessCli`), then sets `HTTP_PROXY` to the
 * proxy in its first argument and sends a request, carrying a canary, to the
 * loopback URL in its second; prints "sent" or the error's class name. Run
 * by proxy_variable_seal_test.ts under the release permission set.
 *
 * @module
 */
import process from "node:process";
import { runProcessCli } from "../../src/cli/run_process_cli.ts";

const [proxy, target] = Deno.args;
await runProcessCli(["config", "path"]);
// As an npm package would, through node's process.env.
for (const name of ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]) {
  process.env[name] = proxy;
}
try {
  const response = await fetch(`${target}/?k=CANARY-proxy-variable-probe`);
  await response.body?.cancel();
  console.log("sent");
} catch (error) {
  console.log(error instanceof Error ? error.constructor.name : String(error));
}
