import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { appendAudit, auditPath, auditUser } from "../../src/audit/append_audit.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import {
  anthropicKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  openaiProjectKey,
  pemPrivateKey,
} from "../credentials/_canaries.ts";

const WORKER = fileURLToPath(new URL("./_append_worker.ts", import.meta.url));
const posix = Deno.build.os !== "windows";

Deno.test("appendAudit writes time, command, event, pid and user to a 0600 log", async () => {
  const root = await Deno.makeTempDir();
  try {
    const dir = `${root}/home`;
    const record = await appendAudit(dir, {
      command: "keys set",
      event: "key.set",
      provider: "openai",
      fingerprint: "fp:0123456789ab",
    }, { now: () => new Date("2026-11-29T12:00:00Z") });
    assert.deepEqual(record, {
      time: "2026-11-29T12:00:00.000Z",
      command: "keys set",
      event: "key.set",
      provider: "openai",
      fingerprint: "fp:0123456789ab",
      pid: Deno.pid,
      user: posix ? `uid:${(await Deno.stat(dir)).uid}` : "unknown",
    });
    const text = await Deno.readTextFile(auditPath(dir));
    assert.equal(text, JSON.stringify(record) + "\n");
    assert.ok(text.startsWith('{"time":'));
    if (posix) assert.equal((await Deno.stat(auditPath(dir))).mode! & 0o777, 0o600);
    assert.equal(await auditUser(`${root}/missing`), "unknown");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("appendAudit never writes a secret, whatever field a caller puts it in", async () => {
  const root = await Deno.makeTempDir();
  try {
    const canaries = [
      openaiProjectKey("AUDIT"),
      anthropicKey("AUDIT"),
      awsAccessKeyId("AUDIT"),
      awsSecretAccessKey("AUDIT"),
      pemPrivateKey("AUDIT"),
    ];
    await appendAudit(root, {
      command: `ask ${canaries[0]}`,
      event: "prompt.secrets",
      action: "masked",
      value: `aws_secret_access_key=${canaries[3]} and ${canaries[2]}`,
      target: canaries[4],
      secrets: [{ kind: "anthropic", fingerprint: canaries[1] }],
    });
    const text = await Deno.readTextFile(auditPath(root));
    const pemBody = canaries[4].split("\n")[1];
    for (const canary of [...canaries.slice(0, 4), pemBody]) {
      assert.ok(!text.includes(canary.slice(0, 24)), `canary ${canary.slice(0, 12)}… written`);
    }
    assert.equal((await readAudit(root)).records[0].event, "prompt.secrets");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("appendAudit prunes by age and size from the config's settings, atomically, 0600", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${root}/config.json`,
      JSON.stringify({ version: 1, settings: { audit_max_age_days: 7, audit_max_bytes: 1000 } }),
    );
    const at = (time: string) => ({ now: () => new Date(time) });
    await appendAudit(root, { command: "old", event: "config.set" }, at("2026-11-01T00:00:00Z"));
    await appendAudit(root, { command: "new", event: "config.set" }, at("2026-11-28T00:00:00Z"));
    assert.deepEqual((await readAudit(root)).records.map((record) => record.command), ["new"]);
    for (let index = 0; index < 20; index++) {
      await appendAudit(
        root,
        { command: `n${index}`, event: "config.set" },
        at("2026-11-29T00:00:00Z"),
      );
    }
    const { records } = await readAudit(root);
    assert.ok((await Deno.stat(auditPath(root))).size <= 1000);
    assert.equal(records.at(-1)!.command, "n19");
    const kept = records.map((record) => Number(record.command.slice(1)));
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, index) => 20 - kept.length + index),
    );
    if (posix) assert.equal((await Deno.stat(auditPath(root))).mode! & 0o777, 0o600);
    const names = [...Deno.readDirSync(root)].map((entry) => entry.name).sort();
    assert.deepEqual(names, ["audit.jsonl", "audit.lock", "config.json"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("4 processes appending while others prune: no record newer than the limits is lost", async () => {
  const root = await Deno.makeTempDir();
  try {
    const children = ["a", "b", "c", "d"].map((tag) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-q",
          `--allow-read=${root}`,
          `--allow-write=${root}`,
          WORKER,
          "audit",
          root,
          tag,
          "25",
        ],
        stdout: "null",
        stderr: "piped",
      }).output()
    );
    for (const output of await Promise.all(children)) {
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    }
    const { records, skipped } = await readAudit(root);
    assert.equal(skipped, 0);
    const kept = records.filter((record) => record.command === "worker");
    for (const tag of ["a", "b", "c", "d"]) {
      assert.deepEqual(
        kept.filter((record) => record.key === tag).map((record) => Number(record.value)),
        Array.from({ length: 25 }, (_, index) => index),
        `records of worker ${tag}`,
      );
    }
    // The fillers made the log outgrow its limit again and again: it was pruned many times.
    const fillers = records.filter((record) => record.command === "filler").length;
    assert.ok(fillers < 100, `${fillers} fillers left: pruning never ran`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
