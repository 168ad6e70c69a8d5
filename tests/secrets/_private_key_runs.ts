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
