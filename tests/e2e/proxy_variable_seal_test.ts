import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launchFlags } from "../../scripts/launch_flags.ts";
import { startProxyFake } from "../fakes/proxy_fake.ts";
import { tempWorkspace } from "./_omn.ts";
import { childEnv } from "./_child_env.ts";

const PROBE = fileURLToPath(new URL("./_proxy_variable_probe.ts", import.meta.url));
// The probe runs omn from source, whose modules load on demand: it may read them too.
const SOURCE = fileURLToPath(new URL("../../src/", import.meta.url));

Deno.test("code that sets a proxy variable once omn has started cannot send a loopback request through it", async () => {
  // review: under the permission set, setting HTTP_PROXY (process.env) and then a fetch of
  // http://127.0.0.1 reached a proxy on 127.0.0.2 (any host would do): Deno checks --allow-net
  // against the target, not the proxy, and omn gave up the variables only at its first request.
  await using workspace = await tempWorkspace();
  await using hostile = await startProxyFake("127.0.0.2");
  const seen: string[] = [];
  await using target = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      seen.push(request.url);
      return new Response("ok");
    },
  );
  const env = childEnv({ OMNIMANCER_HOME: workspace.home });
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-q",
      ...launchFlags((name) => env[name], workspace.cwd).map((flag) =>
        flag.startsWith("--allow-read=") ? `${flag},${SOURCE}` : flag
      ),
      PROBE,
      hostile.url,
      `http://127.0.0.1:${target.addr.port}`,
    ],
    cwd: workspace.cwd,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  await hostile.stop();
  assert.equal(hostile.received(), "", "the proxy got the request");
  assert.match(
    new TextDecoder().decode(output.stdout),
    /sent\n$/,
    new TextDecoder().decode(output.stderr),
  );
  assert.equal(seen.length, 1, "the request went straight to its target");
});
