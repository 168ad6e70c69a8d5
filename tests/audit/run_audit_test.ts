import assert from "node:assert/strict";
import { runAudit } from "../../src/audit/run_audit.ts";
import { appendAudit } from "../../src/audit/append_audit.ts";
import { SilentError } from "../../src/core/errors.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const NOW = new Date("2026-11-29T12:00:00Z");

async function seeded(failures: number) {
  const root = await Deno.makeTempDir();
  const home = `${root}/home`;
  await appendAudit(home, { command: "keys set", event: "key.set", provider: "openai" }, {
    now: () => new Date("2026-11-01T00:00:00Z"),
  });
  for (let index = 0; index < failures; index++) {
    await appendAudit(home, { command: "ask", event: "auth.failed", provider: "openai" }, {
      now: () => new Date(NOW.getTime() - (10 - index) * 60_000),
    });
  }
  return { root, home };
}

Deno.test("omn audit prints counts by event, and the open alerts", async () => {
  const { root, home } = await seeded(3);
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runAudit({ json: false, check: false }, context);
    await context.io.close();
    const stdout = context.stdout();
    assert.match(stdout, /^event\s+count\nauth\.failed\s+3\nkey\.set\s+1\n/);
    assert.match(stdout, /4 records from 2026-11-01T00:00:00\.000Z to /);
    assert.match(stdout, /alert auth-failures: 3 authentication failures within 10 minutes/);
    assert.match(context.stderr(), /1 open alert/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("omn audit --check exits 1 with the alerts, and 0 without", async () => {
  const { root, home } = await seeded(3);
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await assert.rejects(runAudit({ json: false, check: true }, context), SilentError);
    await context.io.close();
    assert.match(context.stdout(), /^alert auth-failures: .*\n$/);
    const calm = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runAudit({ json: false, check: true, since: new Date("2026-11-29T12:00:00Z") }, calm);
    await calm.io.close();
    assert.equal(calm.stdout(), "");
    assert.match(calm.stderr(), /No open alerts since 2026-11-29T12:00:00\.000Z/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("omn audit --since --json counts only later records", async () => {
  const { root, home } = await seeded(2);
  try {
    const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
    await runAudit({ json: true, check: false, since: new Date("2026-11-29T00:00:00Z") }, context);
    await context.io.close();
    const report = JSON.parse(context.stdout());
    assert.deepEqual(report.events, { "auth.failed": 2 });
    assert.equal(report.records, 2);
    assert.deepEqual(report.alerts, []);
    assert.equal(report.file, `${home}/audit.jsonl`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
