/**
 * Each `config` verb, called as its own function with its options and an
 * in-memory context (the flags-to-options half is tests/cli/commands and
 * tests/e2e/config_test.ts): init, path, set, get, unset, show, validate,
 * export, import and the backups. A key typed through `keys set` never shows
 * in what a verb prints, unless `export --include-secrets` is asked for it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import { runConfig } from "../../src/config_command/run_config.ts";
import { runConfigInit } from "../../src/config_command/init.ts";
import { runConfigPath } from "../../src/config_command/path.ts";
import { runConfigSet } from "../../src/config_command/set.ts";
import { runConfigGet } from "../../src/config_command/get.ts";
import { runConfigUnset } from "../../src/config_command/unset.ts";
import { runConfigShow } from "../../src/config_command/show.ts";
import { runConfigValidate } from "../../src/config_command/validate.ts";
import { runConfigExport } from "../../src/config_command/export.ts";
import { runConfigImport } from "../../src/config_command/import.ts";
import { runConfigBackupsList } from "../../src/config_command/backups_list.ts";
import { runConfigBackupsRestore } from "../../src/config_command/backups_restore.ts";
import { runKeysSet } from "../../src/keys/set.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

async function printed(
  home: string,
  run: (context: ReturnType<typeof memoryContext>) => Promise<void>,
  stdin?: string,
): Promise<{ stdout: string; stderr: string }> {
  const context = memoryContext({ env: { OMNIMANCER_HOME: home }, stdin });
  await run(context);
  await context.io.close();
  return { stdout: context.stdout(), stderr: context.stderr() };
}

Deno.test("config verbs: init, path, set, get, unset, show and validate each do their one job", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-config-verbs-" });
  const home = `${root}/home`;
  try {
    const init = await printed(home, (context) => runConfigInit({ force: false }, context));
    assert.match(init.stderr, /Created .*config\.json/);
    const path = await printed(home, (context) => runConfigPath(context));
    assert.equal(path.stdout, `${home}/config.json\n`);
    await assert.rejects(
      printed(home, (context) => runConfigInit({ force: false }, context)),
      /already exists: .*--force/,
    );
    await printed(
      home,
      (context) => runConfigSet({ key: "default_provider", value: "OpenAI" }, context),
    );
    const get = await printed(
      home,
      (context) => runConfigGet({ key: "default_provider", json: false }, context),
    );
    assert.equal(get.stdout, "openai\n");
    const shown = await printed(home, (context) => runConfigShow({ json: true }, context));
    assert.equal(JSON.parse(shown.stdout).default_provider, "openai");
    await printed(home, (context) => runConfigUnset({ key: "default_provider" }, context));
    await assert.rejects(
      printed(home, (context) => runConfigGet({ key: "default_provider", json: false }, context)),
      (error) => error instanceof UsageError && /"default_provider" is not set/.test(error.message),
    );
    const valid = await printed(home, (context) => runConfigValidate(context));
    assert.match(valid.stderr, /config\.json is valid/);
    // The dispatcher reaches the same functions.
    const dispatched = await printed(home, (context) => runConfig({ verb: "path" }, context));
    assert.equal(dispatched.stdout, path.stdout);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("config verbs: a stored key stays masked in set, get, show and export; only --include-secrets prints it", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-config-verbs-" });
  const home = `${root}/home`;
  const key = openaiProjectKey("CFGVERBS");
  try {
    await printed(home, (context) => runConfigInit({ force: false }, context));
    await printed(home, (context) => runKeysSet({ provider: "openai", stdin: true }, context), key);
    await assert.rejects(
      printed(
        home,
        (context) => runConfigSet({ key: "providers.openai.api_key", value: key }, context),
      ),
      (error) =>
        error instanceof UsageError && /use omn keys set/.test(error.message) &&
        !error.message.includes(key),
    );
    const outputs = [
      await printed(home, (context) => runConfigShow({ json: false }, context)),
      await printed(home, (context) => runConfigShow({ json: true }, context)),
      await printed(
        home,
        (context) => runConfigGet({ key: "providers.openai", json: true }, context),
      ),
      await printed(home, (context) => runConfigExport({ includeSecrets: false }, context)),
      await printed(home, (context) => runConfigBackupsList({ json: true }, context)),
    ];
    for (const output of outputs) {
      assert.ok(!(output.stdout + output.stderr).includes(key.slice(0, 20)), output.stdout);
    }
    assert.match(outputs[1].stdout, /"api_key": "sk-/);
    const full = await printed(
      home,
      (context) => runConfigExport({ includeSecrets: true }, context),
    );
    assert.ok(full.stdout.includes(key), "--include-secrets prints the key itself");
    assert.match(full.stderr, /contains secrets in plain text/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("config verbs: import from stdin backs up the old config; restore puts it back", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-config-verbs-" });
  const home = `${root}/home`;
  try {
    await printed(
      home,
      (context) => runConfigInit({ defaultProvider: "mock", force: false }, context),
    );
    const imported = await printed(
      home,
      (context) => runConfigImport({ source: "-" }, context),
      JSON.stringify({ version: 1, default_provider: "openai" }),
    );
    assert.match(imported.stderr, /Imported stdin; the previous config was backed up/);
    const get = await printed(
      home,
      (context) => runConfigGet({ key: "default_provider", json: false }, context),
    );
    assert.equal(get.stdout, "openai\n");
    const backups = JSON.parse(
      (await printed(home, (context) => runConfigBackupsList({ json: true }, context))).stdout,
    ) as { name: string }[];
    assert.ok(backups.length >= 1);
    const withMock = [];
    for (const backup of backups) {
      await printed(home, (context) => runConfigBackupsRestore({ name: backup.name }, context));
      const value = await printed(home, (context) => runConfigShow({ json: true }, context));
      if (JSON.parse(value.stdout).default_provider === "mock") withMock.push(backup.name);
    }
    assert.ok(withMock.length >= 1, "one backup holds the config from before the import");
    await assert.rejects(
      printed(home, (context) => runConfigImport({ source: `${root}/missing.json` }, context)),
      /no such file/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
