import assert from "node:assert/strict";
import { auditChange } from "../../src/audit/audit_change.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import { memoryContext } from "../cli/_memory_io.ts";

Deno.test("auditChange records an event in the context's config directory", async () => {
  const root = await Deno.makeTempDir();
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: root } });
    await auditChange(context, {
      command: "config set",
      event: "config.set",
      key: "a",
      value: "b",
    });
    const { records } = await readAudit(root);
    assert.equal(records.length, 1);
    assert.equal(records[0].time, "2026-11-29T12:00:00.000Z");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("auditChange turns a failure to record into a warning: the change already happened", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${root}/file`, "");
    const context = memoryContext({ env: { OMNIMANCER_HOME: `${root}/file` } });
    await auditChange(context, { command: "keys remove", event: "key.removed" });
    assert.match(context.stderr(), /^warning: Could not record "key\.removed" in the audit log: /);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("auditChange records the run's profile unless the event names one", async () => {
  const root = await Deno.makeTempDir();
  try {
    const context = memoryContext({
      env: { OMNIMANCER_HOME: root, OMNIMANCER_PROFILE: "staging" },
    });
    await auditChange(context, { command: "keys set", event: "key.set", provider: "openai" });
    context.profile = "prod";
    await auditChange(context, { command: "keys remove", event: "key.removed" });
    await auditChange(context, { command: "profiles rm", event: "config.unset", profile: "qa" });
    const bad = memoryContext({ env: { OMNIMANCER_HOME: root, OMNIMANCER_PROFILE: "../x" } });
    await auditChange(bad, { command: "config set", event: "config.set" });
    const { records } = await readAudit(root);
    assert.deepEqual(records.map((record) => record.profile), ["staging", "prod", "qa", undefined]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
