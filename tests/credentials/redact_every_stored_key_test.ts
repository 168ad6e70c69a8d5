/**
 * Hostile review: `omn redact` and `omn scan` must know every stored key,
 * whatever profile stores it and however it is stored (an env:// reference).
 */
import assert from "node:assert/strict";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace, type Workspace } from "../e2e/_workspace.ts";

/** Values with no known shape: only known by value. */
const OTHER_PROFILE = "CANARYrevProfileKey7Qx2Lm9Vb4Nc8";
const REFERENCED = "CANARYrevEnvRefKey5Tg1Hy6Uj0Ik2O";

async function redacts(workspace: Workspace, secret: string, env: Record<string, string>) {
  const redact = await runInProcess(["redact"], { ...workspace, env, stdin: `x ${secret} y\n` });
  assert.equal(redact.code, 0, redact.stderr);
  assert.ok(!redact.stdout.includes(secret), `omn redact printed the key: ${redact.stdout}`);
  const scan = await runInProcess(["scan", "-"], { ...workspace, env, stdin: `x ${secret} y\n` });
  assert.equal(scan.code, 1, `omn scan found nothing: ${scan.stdout}${scan.stderr}`);
}

Deno.test("redact and scan know a key stored in another profile", async () => {
  await using workspace = await tempWorkspace();
  const add = await runInProcess(["profiles", "add", "work"], workspace);
  assert.equal(add.code, 0, add.stderr);
  const set = await runInProcess(["--profile", "work", "keys", "set", "mistral", "--stdin"], {
    ...workspace,
    stdin: OTHER_PROFILE,
  });
  assert.equal(set.code, 0, set.stderr);
  await redacts(workspace, OTHER_PROFILE, {});
});

Deno.test("redact and scan know a key stored as an env:// reference", async () => {
  await using workspace = await tempWorkspace();
  const set = await runInProcess(
    ["keys", "set", "mistral", "--ref", "env://OMNIMANCER_REVIEW_KEY"],
    {
      ...workspace,
      env: { OMNIMANCER_REVIEW_KEY: REFERENCED },
    },
  );
  assert.equal(set.code, 0, set.stderr);
  await redacts(workspace, REFERENCED, { OMNIMANCER_REVIEW_KEY: REFERENCED });
});

Deno.test("redact and scan know an encrypted key of another profile, without a prompt", async () => {
  await using workspace = await tempWorkspace();
  const sealed = "CANARYrevSealedWork4Rt7Yu1Io3Pa6";
  assert.equal((await runInProcess(["profiles", "add", "work"], workspace)).code, 0);
  const set = await runInProcess(
    ["--profile", "work", "keys", "set", "mistral", "--stdin", "--encrypt"],
    { ...workspace, stdin: sealed, env: { OMNIMANCER_PASSPHRASE: "CANARY review passphrase" } },
  );
  assert.equal(set.code, 0, set.stderr);
  await redacts(workspace, sealed, {});
});
