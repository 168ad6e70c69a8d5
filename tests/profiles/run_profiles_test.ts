import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { runProfiles } from "../../src/profiles/run_profiles.ts";
import { ConfigStore } from "../../src/config/store.ts";
import { configPaths } from "../../src/config/paths.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import { fingerprint } from "../../src/security/fingerprint.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

async function withHome(work: (home: string, store: ConfigStore) => Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    const home = `${root}/home`;
    await work(
      home,
      new ConfigStore(configPaths((name) => name === "OMNIMANCER_HOME" ? home : undefined)),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("profiles add creates an empty profile; list shows every profile, the selected one marked", async () => {
  await withHome(async (home, store) => {
    const add = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runProfiles({ verb: "add", name: "prod", json: false }, add);
    assert.deepEqual((await store.read()).config, { version: 1, profiles: { prod: {} } });
    await assert.rejects(
      runProfiles({ verb: "add", name: "prod", json: false }, add),
      /already exists/,
    );
    await assert.rejects(
      runProfiles({ verb: "add", name: "default", json: false }, add),
      UsageError,
    );
    await assert.rejects(runProfiles({ verb: "add", name: "Prod", json: false }, add), UsageError);

    const list = memoryContext({ env: { OMNIMANCER_HOME: home, OMNIMANCER_PROFILE: "prod" } });
    await runProfiles({ verb: "list", json: true }, list);
    await list.io.close();
    assert.deepEqual(JSON.parse(list.stdout()), [
      { name: "default", selected: false, default_provider: null, providers: [], keys: [] },
      { name: "prod", selected: true, default_provider: null, providers: [], keys: [] },
    ]);
    const missing = memoryContext({ env: { OMNIMANCER_HOME: home, OMNIMANCER_PROFILE: "qa" } });
    await runProfiles({ verb: "list", json: false }, missing);
    await missing.io.close();
    assert.match(missing.stdout(), /^\tdefault\t-\t-\n\tprod\t-\t-\n$/);
    assert.match(
      missing.stderr(),
      /OMNIMANCER_PROFILE selects the profile "qa", which does not exist/,
    );
  });
});

Deno.test("profiles rm refuses default and a profile with keys without --yes; with it, purges them from backups", async () => {
  await withHome(async (home, store) => {
    const [devKey, prodKey, prodOld] = [
      openaiProjectKey("DEV"),
      anthropicKey("PROD"),
      anthropicKey("PRODOLD"),
    ];
    for (const key of [prodOld, prodKey]) {
      await store.update(() => ({
        version: 1,
        providers: { openai: { api_key: devKey } },
        profiles: { prod: { providers: { anthropic: { api_key: key } } } },
      }), { reason: "test" });
    }
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await assert.rejects(
      runProfiles({ verb: "rm", name: "default", yes: true, json: false }, context),
      UsageError,
    );
    await assert.rejects(
      runProfiles({ verb: "rm", name: "prod", yes: false, json: false }, context),
      /holds keys for anthropic: .*--yes/,
    );
    await assert.rejects(
      runProfiles({ verb: "rm", name: "qa", yes: true, json: false }, context),
      /No profile "qa"/,
    );
    const backupsBefore = await store.listBackups();
    await runProfiles({ verb: "rm", name: "prod", yes: true, json: true }, context);
    await context.io.close();
    assert.deepEqual(JSON.parse(context.stdout()), {
      removed: "prod",
      keys_removed: ["anthropic"],
      backups_purged: backupsBefore.length + 1, // and the backup the removal made
    });
    assert.deepEqual((await store.read()).config, {
      version: 1,
      providers: { openai: { api_key: devKey } },
    });
    for (const backup of await store.listBackups()) {
      const text = await Deno.readTextFile(backup.path);
      assert.ok(!text.includes(prodKey) && !text.includes(prodOld), backup.name);
    }
    assert.ok(
      (await Deno.readTextFile(`${home}/config.json`)).includes(devKey),
      "the other profile's key stays",
    );
    const { records } = await readAudit(home);
    const removed = records.find((record) => record.event === "key.removed");
    assert.equal(removed?.profile, "prod");
    assert.deepEqual(removed?.previous, [fingerprint(prodKey)]);
  });
});
