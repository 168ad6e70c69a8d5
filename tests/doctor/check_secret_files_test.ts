import assert from "node:assert/strict";
import { checkSecretFiles } from "../../src/doctor/check_secret_files.ts";
import { configPaths } from "../../src/config/paths.ts";
import { anthropicKey, openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("secrets in omn's own files fail by file, line and fingerprint; the config, backups and .env are skipped", async () => {
  const root = await Deno.makeTempDir();
  try {
    const paths = configPaths((name) => (name === "OMNIMANCER_HOME" ? root : undefined));
    const [stored, leaked] = [openaiProjectKey("STORED"), anthropicKey("LEAKED")];
    await Deno.mkdir(paths.backups);
    await Deno.writeTextFile(
      paths.file,
      JSON.stringify({ providers: { openai: { api_key: stored } } }),
    );
    await Deno.writeTextFile(`${paths.backups}/config-1.json`, stored);
    await Deno.writeTextFile(paths.dotenv, `OPENAI_API_KEY=${stored}\n`);
    // A conversation quoting AWS's documentation example is not a leak.
    await Deno.writeTextFile(
      `${root}/audit.jsonl`,
      '{"event":"key.set","note":"aws_access_key_id = AKIAIOSFODNN7EXAMPLE"}\n',
    );
    const clean = await checkSecretFiles(paths);
    assert.deepEqual(clean.map((check) => check.status), ["pass"]);
    assert.match(clean[0].detail, /no secret in 1 of omn's own files/);
    await Deno.mkdir(`${root}/history`);
    await Deno.writeTextFile(`${root}/history/chat.jsonl`, `{"a":1}\n{"text":"key ${leaked}"}\n`);
    const checks = await checkSecretFiles(paths);
    assert.deepEqual(checks.map((check) => check.status), ["fail"]);
    assert.match(
      checks[0].detail,
      /sk-ant-\*\*\* \(fp:[0-9a-f]{12}\) in .*history\/chat\.jsonl:2:/,
    );
    assert.ok(!JSON.stringify(checks).includes(leaked.slice(0, 24)));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
