import assert from "node:assert/strict";
import { checkDotenv } from "../../src/doctor/check_dotenv.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

Deno.test("doctor's dotenv item: trusted, untrusted with credentials (fix: omn trust), refused, absent", async () => {
  const root = await Deno.makeTempDir({ prefix: "omn-doctor-dotenv-" });
  try {
    const cwd = `${root}/work`;
    await Deno.mkdir(cwd);
    const base = { cwd, configDir: `${root}/home`, env: () => undefined };
    const absent = await checkDotenv({ ...base, config: {} });
    assert.deepEqual(absent, {
      id: "dotenv",
      status: "pass",
      detail: "no ./.env credentials here",
    });
    const key = openaiProjectKey("DOCTOR");
    await Deno.writeTextFile(`${cwd}/.env`, `OPENAI_API_KEY=${key}\n`, { mode: 0o600 });
    const untrusted = await checkDotenv({ ...base, config: {} });
    assert.equal(untrusted.status, "warn");
    assert.match(untrusted.fix!, /^omn trust/);
    assert.match(untrusted.detail, /holds OPENAI_API_KEY, unused/);
    const trusted = await checkDotenv({ ...base, config: { trusted_directories: [cwd] } });
    assert.deepEqual(trusted, {
      id: "dotenv",
      status: "pass",
      detail: "./.env supplies OPENAI_API_KEY (trusted directory)",
    });
    if (Deno.build.os !== "windows") {
      await Deno.remove(`${cwd}/.env`);
      await Deno.symlink(`${root}/elsewhere`, `${cwd}/.env`);
      const link = await checkDotenv({ ...base, config: { trusted_directories: [cwd] } });
      assert.equal(link.status, "warn");
      assert.match(link.detail, /symbolic link/);
    }
    for (const check of [untrusted, trusted]) assert.ok(!JSON.stringify(check).includes(key));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
