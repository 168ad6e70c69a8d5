import assert from "node:assert/strict";
import { newConversation } from "../../src/history/conversation.ts";
import { conversationIdTime, newConversationId } from "../../src/history/conversation_id.ts";
import { ConversationStore } from "../../src/history/conversation_store.ts";

const DAY = 24 * 60 * 60 * 1000;

/** A store whose clock the test moves, in a temporary config directory. */
async function movableStore(start = Date.now()) {
  const root = await Deno.makeTempDir({ prefix: "omn-history-prune-" });
  const clock = { now: start };
  const store = new ConversationStore(`${root}/home`, { now: () => new Date(clock.now) });
  const dir = `${root}/home/conversations`;
  return {
    home: `${root}/home`,
    clock,
    store,
    dir,
    floorPath: `${dir}/.prune-floor`,
    /** Saves a conversation created `daysAgo` days before the clock, its file of that time too. */
    async add(daysAgo: number, id?: string): Promise<string> {
      const at = new Date(clock.now - daysAgo * DAY);
      const conversation = newConversation(id ?? newConversationId(at), at);
      conversation.messages.push({ role: "user", content: "q" }, {
        role: "assistant",
        content: "a",
      });
      await store.save(conversation);
      await Deno.utime(store.pathOf(conversation.id), at, at);
      return conversation.id;
    },
    /** Gives a conversation's file the time `daysAgo` days before the clock. */
    age: (id: string, daysAgo: number) => {
      const at = new Date(clock.now - daysAgo * DAY);
      return Deno.utime(store.pathOf(id), at, at);
    },
    ids: () =>
      [...Deno.readDirSync(dir)].map((entry) => entry.name).filter((name) => name.endsWith(".json"))
        .map((name) => name.slice(0, -5)).sort(),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

Deno.test("prune: after a pass, .prune-floor holds the oldest time kept, 0600", async () => {
  await using temp = await movableStore();
  const old = await temp.add(40);
  const kept = [await temp.add(20), await temp.add(5, "named"), await temp.add(1)];
  assert.deepEqual(await temp.store.prune(30), [old]);
  assert.deepEqual(temp.ids(), kept.sort());
  assert.equal((await Deno.lstat(temp.floorPath)).mode! & 0o777, 0o600);
  assert.equal(Number(await Deno.readTextFile(temp.floorPath)), temp.clock.now - 20 * DAY);
  // `omn history purge` leaves nothing of the history, not even the floor.
  assert.equal(await temp.store.removeAll(), 3);
  assert.deepEqual([...Deno.readDirSync(temp.dir)], []);
});

Deno.test("prune: while the floor is within the retention the directory is not read; once it leaves, old files go", async () => {
  await using temp = await movableStore();
  const first = await temp.add(10);
  const second = await temp.add(3);
  assert.deepEqual(await temp.store.prune(30), []);
  // The documented limit: a file given an older time by hand waits for the floor.
  await temp.age(second, 45);
  assert.deepEqual(await temp.store.prune(30), []);
  assert.deepEqual(temp.ids(), [first, second].sort());
  // 21 days on, the floor (10 days old then) is 31 days old: a full pass removes the first. The
  // second's id says it was created 24 days ago: it stays until that leaves the retention too.
  temp.clock.now += 21 * DAY;
  assert.deepEqual(await temp.store.prune(30), [first]);
  assert.deepEqual(temp.ids(), [second]);
  temp.clock.now += 6 * DAY;
  assert.deepEqual(await temp.store.prune(30), []);
  temp.clock.now += 1 * DAY;
  assert.deepEqual(await temp.store.prune(30), [second]);
  assert.deepEqual(temp.ids(), []);
});

Deno.test("prune: a shorter retention, a floor after now, a damaged or linked floor each make a full pass", async () => {
  await using temp = await movableStore();
  const week = await temp.add(7);
  await temp.add(1);
  await temp.store.prune(30);
  assert.deepEqual(await temp.store.prune(5), [week]);

  const cases: [string, () => Promise<void>][] = [
    ["after now", () => Deno.writeTextFile(temp.floorPath, `${temp.clock.now + DAY}\n`)],
    ["not a number", () => Deno.writeTextFile(temp.floorPath, "soon\n")],
    ["empty", () => Deno.writeTextFile(temp.floorPath, "")],
    ["too long", () => Deno.writeTextFile(temp.floorPath, "9".repeat(40))],
    ["a link", async () => {
      const elsewhere = `${temp.dir}/../elsewhere`;
      await Deno.writeTextFile(elsewhere, `${temp.clock.now}\n`);
      await Deno.remove(temp.floorPath);
      await Deno.symlink(elsewhere, temp.floorPath);
    }],
    ["writable by others", async () => {
      await Deno.writeTextFile(temp.floorPath, `${temp.clock.now}\n`);
      await Deno.chmod(temp.floorPath, 0o666);
    }],
  ];
  // A name carries no time: a full pass reads its file's, given by hand 40 days.
  const control = await temp.add(2, "control");
  await temp.store.prune(30);
  await temp.age(control, 40);
  assert.deepEqual(await temp.store.prune(30), [], "an intact floor: no pass");
  await temp.store.remove(control);
  for (const [index, [name, spoil]] of cases.entries()) {
    const old = await temp.add(2, `spoiled-${index}`);
    await temp.store.prune(30);
    await temp.age(old, 40);
    await spoil();
    assert.deepEqual(await temp.store.prune(30), [old], name);
    const floor = await Deno.lstat(temp.floorPath);
    assert.ok(floor.isFile && (floor.mode! & 0o777) === 0o600, name);
    assert.match(await Deno.readTextFile(temp.floorPath), /^[0-9]+\n$/, name);
  }
});

Deno.test("prune: in a full pass, an id's creation time spares reading its file only within the retention", async () => {
  await using temp = await movableStore();
  // Created 3 days ago by its id, its file aged by hand: kept (its id says it cannot be old).
  const recentId = await temp.add(3);
  await temp.age(recentId, 40);
  // Created 40 days ago by its id, changed yesterday (a resumed conversation): kept.
  const resumed = await temp.add(40);
  await temp.age(resumed, 1);
  // Created 40 days ago by its id and unchanged since: removed.
  const old = await temp.add(40);
  // An id that claims a time after now is not trusted: its file's time decides.
  const future = newConversationId(new Date(temp.clock.now + 2 * DAY));
  await temp.add(40, future);
  // A random UUID of an older omn and a name: their files' times decide.
  const v4 = await temp.add(40, crypto.randomUUID());
  const named = await temp.add(40, "notes");
  assert.equal(conversationIdTime(v4), undefined);
  assert.deepEqual((await temp.store.prune(30)).sort(), [old, future, v4, named].sort());
  assert.deepEqual(temp.ids(), [recentId, resumed].sort());
  // The floor counts the spared file by its id's time: 3 days ago, not its file's 40.
  assert.equal(Number(await Deno.readTextFile(temp.floorPath)), temp.clock.now - 3 * DAY);
});

Deno.test("prune: two stores pruning and saving at once never remove a recent conversation", async () => {
  await using temp = await movableStore();
  const other = new ConversationStore(temp.home, { now: () => new Date(temp.clock.now) });
  const old = await Promise.all(Array.from({ length: 10 }, () => temp.add(45)));
  const recent: string[] = [];
  const twoDaysOld: string[] = [];
  await Promise.all(Array.from({ length: 10 }, async (_, index) => {
    const id = await temp.add(index % 3);
    recent.push(id);
    if (index % 3 === 2) twoDaysOld.push(id);
    await (index % 2 === 0 ? temp.store : other).prune(30);
  }));
  await temp.store.prune(30);
  assert.deepEqual(temp.ids(), recent.sort());
  assert.ok(old.every((id) => !temp.ids().includes(id)));
  // Whichever pass wrote it last, the floor is at or below every conversation kept, so that it
  // holds back no prune: 28.5 days on, those written two days before go, and only they.
  const floor = Number(await Deno.readTextFile(temp.floorPath));
  for (const id of temp.ids()) {
    assert.ok(floor <= Deno.lstatSync(temp.store.pathOf(id)).mtime!.getTime(), id);
  }
  temp.clock.now += 28.5 * DAY;
  assert.deepEqual((await other.prune(30)).sort(), twoDaysOld.sort());
  assert.deepEqual(temp.ids(), recent.filter((id) => !twoDaysOld.includes(id)).sort());
});

Deno.test("prune: a directory where the floor goes is passed over: old files still go, no error, and purge leaves it", async () => {
  await using temp = await movableStore();
  await temp.add(1);
  await Deno.mkdir(temp.floorPath);
  await Deno.writeTextFile(`${temp.floorPath}/not-omn`, "x");
  const old = await temp.add(40, crypto.randomUUID());
  // Each prune makes a full pass (there is no floor it can read) and none fails for want of one.
  assert.deepEqual(await temp.store.prune(30), [old]);
  const older = await temp.add(45, "notes");
  assert.deepEqual(await temp.store.prune(30), [older]);
  assert.equal(await temp.store.removeAll(), 1);
  assert.ok((await Deno.lstat(temp.floorPath)).isDirectory);
  assert.deepEqual(temp.ids(), []);
});

Deno.test("prune: a conversation with no time in its id (an older omn's, a name) holds the floor at its file's time", async () => {
  await using temp = await movableStore();
  const v4 = await temp.add(25, crypto.randomUUID());
  const named = await temp.add(20, "notes");
  await temp.add(1);
  assert.deepEqual(await temp.store.prune(30), []);
  assert.equal(Number(await Deno.readTextFile(temp.floorPath)), temp.clock.now - 25 * DAY);
  // Six days on, the older omn's conversation is 31 days unchanged: the floor has left the
  // retention, and a full pass removes it, then the name five days later.
  temp.clock.now += 6 * DAY;
  assert.deepEqual(await temp.store.prune(30), [v4]);
  assert.equal(Number(await Deno.readTextFile(temp.floorPath)), temp.clock.now - 26 * DAY);
  temp.clock.now += 5 * DAY;
  assert.deepEqual(await temp.store.prune(30), [named]);
});
