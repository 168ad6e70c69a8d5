import assert from "node:assert/strict";
import { readConfig, readConfigFile } from "../../src/config/config_access.ts";
import { ExitCode } from "../../src/core/errors.ts";
import { UnknownProfileError } from "../../src/config/profile_view.ts";
import { redact } from "../../src/security/redact.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("readConfig gives the selected profile's view; every profile's secrets are registered", async () => {
  const root = await Deno.makeTempDir();
  try {
    const [devKey, prodKey] = [openaiProjectKey("RCDEV"), anthropicKey("RCPROD")];
    await Deno.mkdir(`${root}/home`, { mode: 0o700 });
    await Deno.writeTextFile(
      `${root}/home/config.json`,
      JSON.stringify({
        version: 1,
        default_provider: "openai",
        providers: { openai: { api_key: devKey } },
        profiles: { prod: { providers: { anthropic: { api_key: prodKey } } } },
      }),
      { mode: 0o600 },
    );
    const env = { OMNIMANCER_HOME: `${root}/home` };
    const dev = await readConfig(memoryContext({ env }));
    assert.equal(dev.profile, "default");
    assert.deepEqual(Object.keys(dev.config.providers ?? {}), ["openai"]);
    assert.equal(dev.config.profiles, undefined);
    const context = memoryContext({ env });
    context.profile = "prod";
    const prod = await readConfig(context);
    assert.equal(prod.profile, "prod");
    assert.equal(prod.config.default_provider, undefined);
    assert.deepEqual(Object.keys(prod.config.providers ?? {}), ["anthropic"]);
    assert.ok(!redact(`a ${prodKey} b ${devKey}`).includes("RCPROD"));
    assert.ok(!redact(`a ${prodKey} b ${devKey}`).includes("RCDEV"));

    const unknown = memoryContext({ env: { ...env, OMNIMANCER_PROFILE: "qa" } });
    await assert.rejects(
      readConfig(unknown),
      (error: Error) =>
        error instanceof UnknownProfileError && error.exitCode === ExitCode.Refused &&
        /omn profiles add qa/.test(error.message),
    );
    assert.ok((await readConfigFile(unknown)).config.profiles?.prod, "the whole file still reads");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
