import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { type Config, ConfigSchema } from "../../src/config/schema.ts";
import { CHECK_STAMP_NAME, CheckStamp, checkStampText } from "../../src/config/check_stamp.ts";
import { CONFIG_CHECK_ID, isSchemaIdentity } from "../../src/config/config_check_id.ts";
import { loadStampedConfig } from "../../src/config/load_config.ts";
import { checkedAsIs } from "../../src/config/parse_config.ts";
import { CANARY_KEY, modeOf, tempStore } from "./_helpers.ts";

const ID = "a".repeat(64);
const OTHER_ID = "b".repeat(64);

/** A config with every section the schema has, each key in the reverse of the schema's order. */
function everySection(): Config {
  return {
    profiles: {
      work: {
        budgets: { monthly_usd: 50 },
        providers: { openai: { default_model: "gpt-5", api_key: CANARY_KEY } },
        default_provider: "openai",
      },
    },
    models: { "my-model": { output_usd_per_mtok: 2, input_usd_per_mtok: 1 } },
    templates: { review: { system: "You review code.", provider: "mock" } },
    model_aliases: { fast: "openai/gpt-5-mini" },
    budgets: { providers: { openai: { daily_usd: 3 } }, daily_usd: 5 },
    trusted_directories: ["/home/someone/project"],
    providers: {
      openai: {
        tokens_per_minute: 0,
        requests_per_minute: 60,
        base_url: "https://api.openai.com/v1",
        default_model: "gpt-5",
        key_updated_at: "2025-01-02T03:04:05.678Z",
        api_key: CANARY_KEY,
      },
    },
    secrets: {
      gcp_sm: { endpoint: "https://secretmanager.example.com" },
      azure_kv: {
        authority_host: "https://login.example.com",
        endpoint: "https://{vault}.example.net",
      },
    },
    settings: {
      scan_allow: ["fp:0123456789ab"],
      history_retention_days: 7,
      timeout_ms: 30000,
      color: false,
      on_secret: "block",
    },
    default_provider: "openai",
    version: 1,
  } as unknown as Config;
}

/** The `type` of every zod schema under `schema` (its `_zod.def`), and whether any coerces. */
function schemaKinds(schema: unknown): { types: Set<string>; coerces: boolean } {
  const types = new Set<string>();
  let coerces = false;
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return;
    types.add(String(def.type));
    if (def.coerce === true) coerces = true;
    for (const value of Object.values(def)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (typeof value === "object" && value !== null && !("_zod" in value)) {
        Object.values(value).forEach(visit); // an object's shape
      } else visit(value);
    }
  };
  visit(schema);
  return { types, coerces };
}

Deno.test("the schema has no defaults and no transforms: a config it passes is its JSON value", () => {
  const { types, coerces } = schemaKinds(ConfigSchema);
  // The walk reached the leaves (else the check below would pass for nothing).
  for (const type of ["object", "record", "array", "string", "number", "boolean", "enum"]) {
    assert.ok(types.has(type), `the walk found no ${type}`);
  }
  for (const changing of ["default", "prefault", "catch", "transform", "pipe", "readonly"]) {
    assert.ok(!types.has(changing), `the schema has a ${changing}: a stamp would skip it`);
  }
  assert.equal(coerces, false);
  const config = everySection();
  const checked = ConfigSchema.parse(structuredClone(config));
  // The same value (deepStrictEqual ignores key order), only in the schema's order.
  assert.deepStrictEqual(checked, config);
  assert.notDeepEqual(Object.keys(checked), Object.keys(config));
});

Deno.test("the source's check id is a placeholder, which vouches for nothing", () => {
  assert.equal(isSchemaIdentity(CONFIG_CHECK_ID), false);
  assert.equal(isSchemaIdentity(ID), true);
  assert.equal(isSchemaIdentity(`${ID}\n`), false);
});

Deno.test("a stamped read checks a config once, then trusts the stamp until the text or schema changes", async () => {
  const { root, paths, store } = await tempStore({ checkId: ID });
  try {
    await store.update((config) => ({ ...config, default_provider: "mock" }), { reason: "test" });
    const text = await Deno.readTextFile(paths.file);
    const stampPath = `${paths.dir}/${CHECK_STAMP_NAME}`;
    await assert.rejects(Deno.lstat(stampPath), Deno.errors.NotFound);

    const first = await store.read({ stamped: true });
    assert.equal(first.config.default_provider, "mock");
    assert.equal(await Deno.readTextFile(stampPath), checkStampText(text, ID));
    assert.equal(await modeOf(stampPath), 0o600);

    // Trusted: an invalid config carrying a good stamp for its text is taken as it is...
    const invalid = '{ "version": 1, "default_provider": 42 }\n';
    await Deno.writeTextFile(paths.file, invalid);
    await Deno.writeTextFile(stampPath, checkStampText(invalid, ID));
    const trusted = await store.read({ stamped: true });
    assert.equal((trusted.config as { default_provider: unknown }).default_provider, 42);
    // ...but never by an unstamped read, nor under another schema's id, nor by the source's.
    await assert.rejects(store.read(), RefusalError);
    await assert.rejects(
      new (store.constructor as typeof import("../../src/config/store.ts").ConfigStore)(paths, {
        checkId: OTHER_ID,
      }).read({ stamped: true }),
      /Invalid config/,
    );
    await Deno.writeTextFile(stampPath, checkStampText(invalid, ID));
    await assert.rejects(
      new (store.constructor as typeof import("../../src/config/store.ts").ConfigStore)(paths)
        .read({ stamped: true }),
      /Invalid config/,
    );

    // Nor one written under another Deno: the checks zod and the schema make of a URL are
    // Deno's URL parser's, which a compiled omn of the same schema may carry in another version.
    await Deno.writeTextFile(stampPath, checkStampText(invalid, ID, "2.0.0"));
    await assert.rejects(store.read({ stamped: true }), /Invalid config/);
    await Deno.writeTextFile(stampPath, checkStampText(invalid, ID));

    // A text edited after its stamp is checked again: one changed character is enough.
    await Deno.writeTextFile(paths.file, invalid.replace("42", "43"));
    await assert.rejects(store.read({ stamped: true }), /Invalid config/);
    assert.equal(await Deno.readTextFile(stampPath), checkStampText(invalid, ID), "not restamped");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the stamp holds no part of the config, and a stamped read registers the same config", async () => {
  const { root, paths, store } = await tempStore({ checkId: ID });
  try {
    await Deno.mkdir(paths.dir, { mode: 0o700 });
    await Deno.writeTextFile(paths.file, JSON.stringify(everySection(), null, 2), { mode: 0o600 });
    const checked = await store.read({ stamped: true });
    const stamp = await Deno.readTextFile(`${paths.dir}/${CHECK_STAMP_NAME}`);
    assert.match(stamp, /^a{64} [0-9a-f]{64} deno-\S+\n$/);
    assert.ok(!stamp.includes("CANARY"));
    const trusted = await store.read({ stamped: true });
    assert.deepStrictEqual(trusted.config, checked.config);
    // Unstamped reads (config show, export, every write) keep the schema's order.
    const unstamped = await store.read();
    assert.deepEqual(
      Object.keys(unstamped.config),
      Object.keys(ConfigSchema.parse(everySection())),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a config the check changes is never stamped: every run gets the checked value", async () => {
  // zod's URL check trims a base_url and drops its tabs and line breaks (as the URL parser
  // does): the file's value is not the checked one, so a stamp would hand a run the raw text.
  // Here the raw text splits a key in the URL with a tab, which the secret-in-URL guard
  // (guard_base_url.ts) would not see, and which fetch would send joined up.
  const { root, paths, store } = await tempStore({ checkId: ID });
  try {
    await Deno.mkdir(paths.dir, { mode: 0o700 });
    const key = "ghp_" + "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d";
    const raw = ` https://api.example.com/v1/${key.slice(0, 20)}\t${key.slice(20)}\n`;
    const checked = `https://api.example.com/v1/${key}`;
    const text = JSON.stringify({ version: 1, providers: { openai: { base_url: raw } } });
    await Deno.writeTextFile(paths.file, text, { mode: 0o600 });
    for (let run = 0; run < 2; run++) {
      const { config } = await store.read({ stamped: true });
      assert.equal(config.providers?.openai?.base_url, checked, `run ${run + 1}`);
    }
    await assert.rejects(Deno.lstat(`${paths.dir}/${CHECK_STAMP_NAME}`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("checkedAsIs: the same JSON value in any key order, nothing added, dropped or changed", () => {
  assert.equal(checkedAsIs({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 }), true);
  assert.equal(checkedAsIs({ a: "x" }, { a: " x" }), false);
  assert.equal(checkedAsIs({ a: 1 }, { a: 1, b: 2 }), false);
  assert.equal(checkedAsIs({ a: 1, b: undefined }, { a: 1 }), false);
  assert.equal(checkedAsIs({ a: 1, b: 2 }, { a: 1, c: 2 }), false);
  assert.equal(checkedAsIs(["a"], { 0: "a" }), false);
  assert.equal(checkedAsIs([1, 2], [2, 1]), false);
  assert.equal(checkedAsIs({ a: null }, { a: {} }), false);
  assert.equal(checkedAsIs({ a: 0 }, { a: -0 }), false);
  const config = everySection();
  assert.equal(checkedAsIs(ConfigSchema.parse(structuredClone(config)), config), true);
});

Deno.test("an unsafe stamp is refused like config.json; one that cannot be written only means checking again", async () => {
  const { root, paths, store } = await tempStore({ checkId: ID });
  try {
    await store.update((config) => ({ ...config, default_provider: "mock" }), { reason: "test" });
    const stampPath = `${paths.dir}/${CHECK_STAMP_NAME}`;
    const text = await Deno.readTextFile(paths.file);
    if (Deno.build.os !== "windows") {
      await Deno.writeTextFile(stampPath, checkStampText(text, ID), { mode: 0o666 });
      await Deno.chmod(stampPath, 0o666);
      await assert.rejects(store.read({ stamped: true }), RefusalError);
      await Deno.remove(stampPath);
      await Deno.symlink(`${root}/elsewhere`, stampPath);
      await assert.rejects(store.read({ stamped: true }), /symbolic link/);
      await Deno.remove(stampPath);
    }
    await Deno.mkdir(stampPath);
    await assert.rejects(store.read({ stamped: true }), RefusalError);
    await Deno.remove(stampPath);
    await Deno.writeTextFile(stampPath, "x".repeat(600), { mode: 0o600 });
    await assert.rejects(store.read({ stamped: true }), /limit/);
    await Deno.remove(stampPath);
    // Nowhere to write it: the record is skipped, and nothing is created.
    const gone = new CheckStamp(`${root}/missing`, () => Promise.resolve(null), ID);
    await gone.record(text);
    await assert.rejects(Deno.lstat(`${root}/missing`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadStampedConfig: malformed JSON and the empty config are told apart before any stamp", async () => {
  const { root, paths } = await tempStore();
  try {
    await Deno.mkdir(paths.dir, { mode: 0o700 });
    const stamp = new CheckStamp(paths.dir, () => Promise.resolve(null), ID);
    await assert.rejects(loadStampedConfig("{ nope", paths.file, stamp), /Cannot parse config/);
    assert.deepEqual(await loadStampedConfig('{ "version": 1 }', paths.file, stamp), {
      version: 1,
    });
    await assert.rejects(Deno.lstat(stamp.path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("every change of the config removes the stamp: it keeps no hash of a text that held a removed key", async () => {
  const { root, paths, store } = await tempStore({ checkId: ID });
  try {
    await store.update(
      (config) => ({ ...config, providers: { openai: { api_key: CANARY_KEY } } }),
      { reason: "test" },
    );
    const stampPath = `${paths.dir}/${CHECK_STAMP_NAME}`;
    await store.read({ stamped: true });
    const withKey = await Deno.readTextFile(stampPath);
    await store.update((config) => ({ ...config, providers: {} }), { reason: "remove the key" });
    await assert.rejects(Deno.lstat(stampPath), Deno.errors.NotFound);
    await store.read({ stamped: true });
    const stamp = await Deno.readTextFile(stampPath);
    assert.notEqual(stamp, withKey);
    assert.equal(stamp, checkStampText(await Deno.readTextFile(paths.file), ID));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
