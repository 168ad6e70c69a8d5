/**
 * What the tests of a damaged or foreign `private_key` share: running omn
 * in process with an environment of their own, and checking that no line of
 * the key's body reached the output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { clearKnownSecrets } from "../../src/security/redact.ts";
import { runCliPiped } from "../cli/_run_cli_piped.ts";

/**
 * Runs `omn argv…` in process with exactly `env` (and `stdin`), from a directory that does not
 * exist, knowing no secret yet, as a new omn process does: the keys that earlier runs read
 * are forgotten (they would mask what this run prints, and each makes every later message's
 * redaction slower).
 */
export function runWithEnv(argv: string[], env: Record<string, string>, stdin = "") {
  clearKnownSecrets();
  return runCliPiped(argv, { env, cwd: "/nonexistent", stdin });
}

/** Fails when any body line of the PEM `pem` (its first 16 characters) is in `output`. */
export function assertPemBodyNotShown(pem: string, output: string): void {
  const body = pem.split("\n").filter((line) => !line.startsWith("-----") && line !== "");
  assert.ok(body.length > 0, "the key has a body");
  for (const line of body) assert.ok(!output.includes(line.slice(0, 16)), "a key line leaked");
}

/**
 * A config directory under `root` whose config names the Vertex project `project` (and a
 * location), a new one each call: the first is made by `omn config set`, each next one holds a
 * copy of its config file (the same bytes, in a directory of mode 0700), not two more runs of
 * omn to make the same file.
 */
export function vertexHomes(root: string, project: string): () => Promise<string> {
  let template: string | undefined;
  let count = 0;
  return async () => {
    const home = `${root}/home-${count++}`;
    if (template !== undefined) {
      await Deno.mkdir(home, { mode: 0o700 });
      await Deno.writeTextFile(`${home}/config.json`, template, { mode: 0o600 });
      return home;
    }
    const settings = [["providers.vertex.project", project], [
      "providers.vertex.location",
      "europe-west4",
    ]];
    for (const [key, value] of settings) {
      const set = await runWithEnv(["config", "set", key, value], { OMNIMANCER_HOME: home });
      assert.equal(set.code, 0, set.stderr);
    }
    template = await Deno.readTextFile(`${home}/config.json`);
    return home;
  };
}
