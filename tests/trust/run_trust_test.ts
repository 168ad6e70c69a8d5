import assert from "node:assert/strict";
import { runTrust, trustTarget } from "../../src/trust/run_trust.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import { UsageError } from "../../src/core/errors.ts";
import { memoryContext } from "../cli/_memory_io.ts";

async function withWorkspace(
  fn: (dirs: { home: string; cwd: string; other: string }) => Promise<void>,
): Promise<void> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "omn-trust-" }));
  try {
    await Deno.mkdir(`${root}/work`);
    await Deno.mkdir(`${root}/other`);
    await fn({ home: `${root}/home`, cwd: `${root}/work`, other: `${root}/other` });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function context(home: string, cwd: string, env: Record<string, string> = {}) {
  return { ...memoryContext({ env: { OMNIMANCER_HOME: home, ...env } }), cwd };
}

Deno.test("omn trust adds the working directory to the config (0600, backed up, audited); untrust removes it", () =>
  withWorkspace(async ({ home, cwd }) => {
    const trust = context(home, cwd);
    await runTrust({ verb: "trust", json: true }, trust);
    assert.deepEqual(JSON.parse(trust.stdout()), { trusted: cwd, added: true });
    const config = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.deepEqual(config.trusted_directories, [cwd]);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(`${home}/config.json`)).mode! & 0o777, 0o600);
    }
    const again = context(home, cwd);
    await runTrust({ verb: "trust", json: false }, again);
    assert.match(again.stderr(), /already trusted/);

    const list = context(home, cwd);
    await runTrust({ verb: "list", json: true }, list);
    assert.deepEqual(JSON.parse(list.stdout()), {
      trusted_directories: [cwd],
      working_directory: cwd,
      working_directory_trusted: true,
      trusted_by: "trusted directory",
    });

    const untrust = context(home, cwd);
    await runTrust({ verb: "untrust", json: false }, untrust);
    assert.match(untrust.stderr(), /No longer trusting ".*work"/);
    const after = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.equal(after.trusted_directories, undefined);
    const events = (await readAudit(home)).records.map((record) => [record.event, record.key]);
    assert.deepEqual(events, [
      ["config.set", "trusted_directories"],
      ["config.unset", "trusted_directories"],
    ]);
    assert.ok([...Deno.readDirSync(`${home}/backups`)].length >= 1);
  }));

Deno.test("omn trust DIR resolves a relative path and symbolic links; a missing DIR is a usage error", () =>
  withWorkspace(async ({ home, cwd, other }) => {
    await Deno.symlink(other, `${cwd}/link`);
    assert.deepEqual(await trustTarget("link", cwd), { path: other });
    assert.deepEqual(await trustTarget("../other/", cwd), { path: other });
    assert.deepEqual(await trustTarget(undefined, cwd), { path: cwd });
    await assert.rejects(trustTarget("missing", cwd), UsageError);
    const run = context(home, cwd);
    await runTrust({ verb: "trust", dir: "link", json: false }, run);
    const list = context(home, other);
    await runTrust({ verb: "list", json: false }, list);
    assert.equal(list.stdout(), `${other}\n`);
  }));

Deno.test("omn trust --list says when OMNIMANCER_TRUST_DOTENV trusts every directory; untrust of an untrusted one changes nothing", () =>
  withWorkspace(async ({ home, cwd }) => {
    const list = context(home, cwd, { OMNIMANCER_TRUST_DOTENV: "1" });
    await runTrust({ verb: "list", json: false }, list);
    assert.match(
      list.stderr(),
      /OMNIMANCER_TRUST_DOTENV is set: \.\/\.env is read in every directory/,
    );
    const untrust = context(home, cwd);
    await runTrust({ verb: "untrust", json: true }, untrust);
    assert.deepEqual(JSON.parse(untrust.stdout()), { untrusted: null, removed: false });
    await assert.rejects(Deno.lstat(`${home}/config.json`), Deno.errors.NotFound);
  }));
