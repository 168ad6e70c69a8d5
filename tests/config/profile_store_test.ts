import assert from "node:assert/strict";
import { ProfileConfigStore } from "../../src/config/profile_store.ts";
import { UnknownProfileError } from "../../src/config/profile_view.ts";
import { setConfigValue, unsetConfigValue } from "../../src/config/schema.ts";
import { tempStore } from "./_helpers.ts";

Deno.test("a profile store writes providers and default_provider into its profile only", async () => {
  const { root, paths, store } = await tempStore();
  try {
    await store.update(() => ({
      version: 1,
      default_provider: "mock",
      providers: { openai: { default_model: "dev-model" } },
      profiles: { prod: {} },
    }), { reason: "test" });
    const prod = new ProfileConfigStore(paths, "prod");
    const view = await prod.update(
      (config) => setConfigValue(config, "providers.openai.default_model", "prod-model"),
      { reason: "set" },
    );
    assert.deepEqual(view.providers, { openai: { default_model: "prod-model" } });
    await prod.update((config) => setConfigValue(config, "default_provider", "openai"), {
      reason: "set",
    });
    await prod.update((config) => setConfigValue(config, "settings.color", "false"), {
      reason: "set",
    });
    const { config } = await store.read();
    assert.deepEqual(config, {
      version: 1,
      default_provider: "mock",
      providers: { openai: { default_model: "dev-model" } },
      profiles: {
        prod: {
          default_provider: "openai",
          providers: { openai: { default_model: "prod-model" } },
        },
      },
      settings: { color: false },
    });
    const dev = new ProfileConfigStore(paths, "default");
    await dev.update((config) => unsetConfigValue(config, "providers"), { reason: "unset" });
    const after = (await store.read()).config;
    assert.equal(after.providers, undefined);
    assert.deepEqual(after.profiles, config.profiles, "other profiles are kept");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a profile store refuses to write a profile that does not exist, and writes nothing", async () => {
  const { root, paths, store } = await tempStore();
  try {
    await store.update(() => ({ version: 1 }), { reason: "test" });
    const backups = (await store.listBackups()).length;
    const staging = new ProfileConfigStore(paths, "staging");
    await assert.rejects(
      staging.update((config) => setConfigValue(config, "default_provider", "mock"), {
        reason: "set",
      }),
      UnknownProfileError,
    );
    assert.deepEqual((await store.read()).config, { version: 1 });
    assert.equal((await store.listBackups()).length, backups);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
