/**
 * An encrypted key is bound to its profile, end to end: an envelope copied
 * from one profile into another exits 3 and sends nothing.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openaiProjectKey } from "../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { assertNoCanary } from "./_canary_checks.ts";
import { tempWorkspace } from "./_workspace.ts";
import { runInProcess } from "./_in_process.ts";

const PASSPHRASE = "CANARY passphrase for the profile binding";

Deno.test("an envelope copied into another profile exits 3 and sends nothing; in its own profile it works", async () => {
  await using workspace = await tempWorkspace();
  const key = openaiProjectKey("E2EPROFILE");
  await using provider = await startOpenAIChatFake({ apiKey: key, flavor: "openai" });
  const env = { OMNIMANCER_PASSPHRASE: PASSPHRASE };
  const add = await runInProcess(["profiles", "add", "work"], { ...workspace, env });
  assert.equal(add.code, 0, add.stderr);
  const set = await runInProcess([
    "--profile",
    "work",
    "keys",
    "set",
    "openai",
    "--stdin",
    "--encrypt",
  ], {
    ...workspace,
    env,
    stdin: key,
  });
  assert.equal(set.code, 0, set.stderr);
  const path = `${workspace.home}/config.json`;
  const config = JSON.parse(await Deno.readTextFile(path));
  const envelope = config.profiles.work.providers.openai.api_key;
  assert.match(envelope, /^omn-enc:v2:/);
  const ask = ["ask", "--provider", "openai", "--base-url", provider.baseURL, "hello"];
  const own = await runInProcess(["--profile", "work", ...ask], { ...workspace, env });
  assert.equal(own.code, 0, own.stderr);
  assert.equal(provider.requests.length, 1);

  config.providers = { ...config.providers, openai: { api_key: envelope } };
  await Deno.writeTextFile(path, JSON.stringify(config, null, 2));
  const copied = await runInProcess(ask, { ...workspace, env });
  assert.equal(copied.code, 3, copied.stderr);
  assert.match(
    copied.stderr,
    /Cannot decrypt the stored openai\/api_key: .*moved from another field or profile/,
  );
  assert.equal(provider.requests.length, 1, "nothing sent with the copied envelope");
  assertNoCanary({ own: own.stderr + own.stdout, copied: copied.stderr + copied.stdout }, [
    key,
    PASSPHRASE,
  ]);
});
