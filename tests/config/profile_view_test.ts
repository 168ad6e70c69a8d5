import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import {
  hasProfile,
  profileNames,
  profileView,
  providerEntries,
  UnknownProfileError,
  withProfileView,
} from "../../src/config/profile_view.ts";
import { type Config, ConfigSchema, setConfigValue } from "../../src/config/schema.ts";

const config: Config = {
  version: 1,
  default_provider: "mock",
  settings: { color: false },
  secrets: { gcp_sm: { endpoint: "https://sm.example" } },
  providers: { openai: { api_key: "dev-key", base_url: "https://dev.example/v1" } },
  profiles: {
    prod: { default_provider: "openai", providers: { openai: { api_key: "prod-key" } } },
    empty: {},
  },
};

Deno.test("the default view is the top level without the other profiles", () => {
  const { profiles: _, ...expected } = structuredClone(config);
  assert.deepEqual(profileView(config, "default"), expected);
  assert.deepEqual(profileView({ version: 1 }, "default"), { version: 1 });
});

Deno.test("a profile's view has its own providers and default provider, nothing inherited, settings shared", () => {
  assert.deepEqual(profileView(config, "prod"), {
    version: 1,
    settings: { color: false },
    secrets: { gcp_sm: { endpoint: "https://sm.example" } },
    default_provider: "openai",
    providers: { openai: { api_key: "prod-key" } },
  });
  const empty = profileView(config, "empty");
  assert.equal(empty.providers, undefined);
  assert.equal(empty.default_provider, undefined);
  assert.deepEqual(empty.settings, { color: false });
});

Deno.test("a view shares nothing with the config: changing one leaves the other as it was", () => {
  const before = structuredClone(config);
  for (const name of ["default", "prod"]) {
    const view = profileView(config, name);
    view.settings!.color = true;
    view.providers = { ...view.providers, mistral: { api_key: "x" } };
    (view.secrets!.gcp_sm as Record<string, unknown>).endpoint = "changed";
  }
  assert.deepEqual(config, before);
  const view = profileView(config, "prod");
  (config.profiles!.prod.providers!.openai as Record<string, unknown>).api_key = "changed";
  assert.equal(view.providers?.openai?.api_key, "prod-key");
  config.profiles!.prod.providers!.openai!.api_key = "prod-key";
});

Deno.test("an unknown profile is a refusal (exit 3) naming omn profiles add", () => {
  assert.throws(
    () => profileView(config, "staging"),
    (error: Error) =>
      error instanceof UnknownProfileError && error instanceof RefusalError &&
      error.message.includes("omn profiles add staging"),
  );
  assert.throws(() => withProfileView(config, "staging", { version: 1 }), UnknownProfileError);
  assert.equal(hasProfile(config, "default"), true);
  assert.equal(hasProfile({ version: 1 }, "default"), true);
  assert.equal(hasProfile(config, "constructor"), false);
  assert.deepEqual(profileNames(config), ["default", "empty", "prod"]);
});

Deno.test("writing a view back changes only that profile, settings at the top level", () => {
  const prod = setConfigValue(
    profileView(config, "prod"),
    "providers.openai.default_model",
    "gpt-4o",
  );
  prod.settings = { color: true };
  const written = withProfileView(config, "prod", prod);
  assert.deepEqual(written.profiles?.prod.providers?.openai, {
    api_key: "prod-key",
    default_model: "gpt-4o",
  });
  assert.deepEqual(written.providers, config.providers);
  assert.equal(written.default_provider, "mock");
  assert.deepEqual(written.settings, { color: true });
  assert.deepEqual(written.profiles?.empty, {});
  assert.ok(ConfigSchema.safeParse(written).success);

  const dev = profileView(config, "default");
  delete dev.providers;
  delete dev.default_provider;
  const cleared = withProfileView(config, "default", dev);
  assert.equal(cleared.providers, undefined);
  assert.equal(cleared.default_provider, undefined);
  assert.deepEqual(cleared.profiles, config.profiles);

  const emptied = profileView(config, "prod");
  delete emptied.providers;
  delete emptied.default_provider;
  assert.deepEqual(
    withProfileView(config, "prod", emptied).profiles?.prod,
    {},
    "the profile stays",
  );
});

Deno.test("an unchanged view writes back the same config, key order included", () => {
  for (const name of ["default", "prod", "empty"]) {
    const again = withProfileView(config, name, profileView(config, name));
    assert.equal(JSON.stringify(again), JSON.stringify(config), name);
  }
});

Deno.test("providerEntries walks every provider of every profile", () => {
  assert.deepEqual(
    providerEntries(config).map(({ profile, provider, entry }) =>
      `${profile}/${provider}=${entry.api_key}`
    ),
    ["default/openai=dev-key", "prod/openai=prod-key"],
  );
});
