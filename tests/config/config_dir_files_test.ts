/**
 * Every kind of file and directory omn keeps in its config directory is
 * opened without following a symbolic link, and with the owner and mode
 * checks of `config.json`: a link (dangling, or pointing outside), a path
 * others can write, or (as root) another user's, is refused, and nothing
 * outside the config directory is read, created or changed.
 *
 * @module
 */
import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { configPaths } from "../../src/config/paths.ts";
import { ConfigStore } from "../../src/config/store.ts";
import { appendAudit } from "../../src/audit/append_audit.ts";
import { readAudit } from "../../src/audit/read_audit.ts";
import { recordUsage } from "../../src/usage/record_usage.ts";
import { readUsage } from "../../src/usage/read_usage.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";
import { JobJournal } from "../../src/batch/job_journal.ts";
import { jobPaths } from "../../src/batch/job_paths.ts";
import { RateLimiter } from "../../src/net/rate_limiter.ts";
import { InputHistory } from "../../src/history/input_history.ts";
import { Logger } from "../../src/log/logger.ts";
import { writeFileAtomic } from "../../src/config/write_file_atomic.ts";
import { loadStoredSources } from "../../src/credentials/load_credential_sources.ts";
import { withSpendLedger } from "../../src/budget/spend_ledger.ts";
import { readBudgets } from "../../src/budget/read_budgets.ts";
import { memoryContext } from "../cli/_memory_io.ts";

const posix = Deno.build.os !== "windows";
const isRoot = posix && Deno.uid() === 0;
const CANARY = "OUTSIDE-CANARY-c0ffee";
const SETTINGS = { maxAgeDays: 30, maxBytes: 1_000_000 };

interface Kind {
  /** The path in the config directory. */
  name: string;
  directory: boolean;
  /** Uses the path as omn does. */
  use: (home: string) => Promise<unknown>;
}

const KINDS: Kind[] = [
  {
    name: "config.json",
    directory: false,
    use: (home) => new ConfigStore(pathsOf(home)).read(),
  },
  {
    name: "config.lock",
    directory: false,
    use: (home) => new ConfigStore(pathsOf(home)).update((config) => config, { reason: "test" }),
  },
  {
    name: "backups",
    directory: true,
    use: async (home) => {
      const store = new ConfigStore(pathsOf(home));
      // The first change writes config.json; the second backs it up first.
      for (const color of [false, true]) {
        await store.update((config) => ({ ...config, settings: { color } }), { reason: "test" });
      }
    },
  },
  {
    name: "audit.jsonl",
    directory: false,
    use: (home) =>
      appendAudit(home, { command: "test", event: "config.set" }, { settings: SETTINGS }),
  },
  { name: "audit.jsonl", directory: false, use: (home) => readAudit(home) },
  {
    name: "audit.lock",
    directory: false,
    use: (home) =>
      appendAudit(home, { command: "test", event: "config.set" }, { settings: SETTINGS }),
  },
  {
    name: "usage.jsonl",
    directory: false,
    use: (home) =>
      recordUsage(home, {
        provider: "mock",
        model: "mock-1",
        inputTokens: 1,
        outputTokens: 1,
        durationMs: 1,
      }),
  },
  { name: "usage.jsonl", directory: false, use: (home) => readUsage(home) },
  {
    name: "conversations",
    directory: true,
    use: (home) => new ConversationStore(home).list(),
  },
  {
    name: "jobs",
    directory: true,
    use: async (home) => await (await JobJournal.open(home, jobPaths(home, "job"), "job")).close(),
  },
  {
    name: "jobs/job.jsonl",
    directory: false,
    use: async (home) => await (await JobJournal.open(home, jobPaths(home, "job"), "job")).close(),
  },
  {
    name: "rate_limits.lock",
    directory: false,
    use: (home) => acquire(home),
  },
  {
    name: "rate_limits.json",
    directory: false,
    use: (home) => acquire(home),
  },
  {
    name: "chat_history.jsonl",
    directory: false,
    use: (home) => InputHistory.load(home, { write: true }),
  },
  {
    name: "logs",
    directory: true,
    use: async (home) =>
      (await Logger.open({ path: `${home}/logs/omn.log`, level: "info", format: "json" })).close(),
  },
  {
    name: "reports",
    directory: true,
    use: (home) => writeFileAtomic(`${home}/reports/doctor.json`, "{}\n"),
  },
  { name: "spend.jsonl", directory: false, use: (home) => withSpendLedger(home, () => []) },
  {
    name: "spend.jsonl",
    directory: false,
    use: async (home) => {
      // omn usage shows the caps with their spend, read from the ledger.
      await Deno.writeTextFile(
        `${home}/config.json`,
        '{ "version": 1, "budgets": { "daily_usd": 5 } }\n',
        { mode: 0o600 },
      );
      return readBudgets(memoryContext({ env: { OMNIMANCER_HOME: home } }));
    },
  },
  {
    name: ".config-check",
    directory: false,
    use: async (home) => {
      await Deno.writeTextFile(
        `${home}/config.json`,
        '{ "version": 1, "default_provider": "mock" }\n',
        {
          mode: 0o600,
        },
      );
      return await new ConfigStore(pathsOf(home), { checkId: "0".repeat(64) }).read({
        stamped: true,
      });
    },
  },
  {
    name: ".env",
    directory: false,
    use: (home) => {
      const context = memoryContext({ env: { OMNIMANCER_HOME: home } });
      return loadStoredSources(context, pathsOf(home), { version: 1 });
    },
  },
];

function pathsOf(home: string) {
  return configPaths((name) => (name === "OMNIMANCER_HOME" ? home : undefined));
}

function acquire(home: string): Promise<void> {
  return new RateLimiter(home).acquire({
    provider: "openai",
    fingerprint: "fp:0123456789ab",
    limits: { requestsPerMinute: 100 },
  });
}

/** The name of the chat input history in the config directory, checked below. */
const INPUT_HISTORY = "chat_history.jsonl";

interface Setup {
  root: string;
  home: string;
  outside: string;
}

async function withHome(fn: (setup: Setup) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "omn-config-files-" });
  try {
    const home = `${root}/home`;
    await Deno.mkdir(home, { mode: 0o700 });
    await Deno.chmod(home, 0o700);
    const outside = `${root}/outside`;
    await Deno.mkdir(outside, { mode: 0o700 });
    await Deno.writeTextFile(`${outside}/file`, `${CANARY}\n`, { mode: 0o600 });
    await fn({ root, home, outside });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Everything under `dir`, as path → content (or "dir"), to prove nothing changed. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      found.set(path, "dir");
      for (const [key, value] of await snapshot(path)) found.set(key, value);
    } else found.set(path, await Deno.readTextFile(path));
  }
  return found;
}

/** Creates the parent of a nested path (`jobs/` for `jobs/job.jsonl`) as omn would: 0700. */
async function parentOf(home: string, kind: Kind): Promise<string> {
  const path = `${home}/${kind.name}`;
  const parent = path.slice(0, path.lastIndexOf("/"));
  if (parent !== home) {
    await Deno.mkdir(parent, { mode: 0o700 });
    await Deno.chmod(parent, 0o700);
  }
  return path;
}

async function refused(kind: Kind, home: string, pattern: RegExp, variant: string) {
  await assert.rejects(
    kind.use(home),
    (error) => {
      assert.ok(
        error instanceof RefusalError,
        `${kind.name} (${variant}): ${error instanceof Error ? error.stack : error}`,
      );
      assert.match(error.message, pattern, `${kind.name} (${variant})`);
      return true;
    },
    `${kind.name} (${variant}) was used`,
  );
}

Deno.test("the chat input history is the file this test names", async () => {
  const { inputHistoryPath } = await import("../../src/history/input_history.ts");
  assert.equal(inputHistoryPath("/h"), `/h/${INPUT_HISTORY}`);
});

Deno.test({
  name:
    "every config-directory file and directory that is a symbolic link, dangling or pointing outside, is refused",
  ignore: !posix,
  fn: async () => {
    for (const kind of KINDS) {
      for (const variant of ["dangling", "outside"] as const) {
        await withHome(async ({ root, home, outside }) => {
          const target = variant === "dangling"
            ? `${root}/missing`
            : kind.directory
            ? outside
            : `${outside}/file`;
          await Deno.symlink(target, await parentOf(home, kind));
          const before = await snapshot(outside);
          await refused(kind, home, /symbolic link/, variant);
          assert.deepEqual(await snapshot(outside), before, `${kind.name} (${variant})`);
          await assert.rejects(Deno.lstat(`${root}/missing`), Deno.errors.NotFound);
        });
      }
    }
  },
});

Deno.test({
  name: "every config-directory file and directory that other users can write is refused",
  ignore: !posix,
  fn: async () => {
    for (const kind of KINDS) {
      await withHome(async ({ home }) => {
        const path = await parentOf(home, kind);
        if (kind.directory) await Deno.mkdir(path);
        else await Deno.writeTextFile(path, "");
        await Deno.chmod(path, kind.directory ? 0o777 : 0o666);
        await refused(kind, home, /writable by its group and other users/, "world-writable");
      });
    }
  },
});

Deno.test({
  name: "every config-directory file and directory owned by another user is refused (needs root)",
  ignore: !isRoot,
  fn: async () => {
    for (const kind of KINDS) {
      await withHome(async ({ home }) => {
        const path = await parentOf(home, kind);
        if (kind.directory) await Deno.mkdir(path, { mode: 0o700 });
        else await Deno.writeTextFile(path, "", { mode: 0o600 });
        await Deno.chown(path, 4242, null);
        await refused(kind, home, /owned by uid 4242, not by you/, "foreign owner");
      });
    }
  },
});
