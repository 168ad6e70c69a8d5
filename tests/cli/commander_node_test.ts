import assert from "node:assert/strict";
import { EventEmitter as NodeEventEmitter } from "node:events";
import { stripVTControlCharacters as nodeStrip } from "node:util";
import nodePath from "node:path";
import {
  EventEmitter,
  lazyModule,
  pathModule,
  processModule,
  stripVTControlCharacters,
} from "../../src/cli/commander_node.ts";

Deno.test("stripVTControlCharacters removes what node:util removes and keeps the rest", () => {
  const samples = [
    "plain help text, no escapes",
    "\u001b[1mbold\u001b[22m and \u001b[31mred\u001b[39m",
    "\u001b[38;5;12m-->\u001b[0m link \u001b]8;;https://example.com\u0007text\u001b]8;;\u0007",
    "\u009b31mCSI\u009b0m \u001b[2K\u001b[1G cursor",
    "unterminated \u001b[ and a lone \u001b",
    "wide: 日本語 ✓ — emoji 🎉",
    "",
  ];
  for (const sample of samples) {
    assert.equal(stripVTControlCharacters(sample), nodeStrip(sample), JSON.stringify(sample));
  }
  assert.throws(() => stripVTControlCharacters(1 as unknown as string), TypeError);
});

Deno.test("EventEmitter calls listeners in order, with the emitter as this, like Node's", () => {
  for (const Emitter of [EventEmitter, NodeEventEmitter]) {
    const emitter = new Emitter();
    const calls: string[] = [];
    const first = function (this: unknown, value: string) {
      assert.equal(this, emitter);
      calls.push(`first ${value}`);
    };
    emitter.on("option:model", first);
    emitter.once("option:model", (value: string) => calls.push(`once ${value}`));
    emitter.prependListener("option:model", (value: string) => calls.push(`prepended ${value}`));
    assert.equal(emitter.listenerCount("option:model"), 3);
    assert.equal(emitter.emit("option:model", "a"), true);
    assert.equal(emitter.emit("option:model", "b"), true);
    assert.equal(emitter.emit("nobody", "c"), false);
    emitter.removeListener("option:model", first);
    assert.equal(emitter.emit("option:model", "d"), true);
    assert.deepEqual(calls, [
      "prepended a",
      "first a",
      "once a",
      "prepended b",
      "first b",
      "prepended d",
    ], Emitter.name);
    assert.deepEqual(emitter.eventNames(), ["option:model"]);
    emitter.removeAllListeners();
    assert.equal(emitter.listenerCount("option:model"), 0);
  }
});

Deno.test("EventEmitter: a once listener is removed by the listener it wraps; error without a listener throws", () => {
  for (const Emitter of [EventEmitter, NodeEventEmitter]) {
    const emitter = new Emitter();
    const listener = () => assert.fail("removed before it ran");
    emitter.once("help", listener);
    assert.deepEqual(emitter.listeners("help"), [listener]);
    emitter.off("help", listener);
    assert.equal(emitter.emit("help"), false);
    const failure = new Error("boom");
    assert.throws(() => emitter.emit("error", failure), failure);
  }
});

Deno.test("a class extending the EventEmitter keeps its own fields and methods", () => {
  class Command extends EventEmitter {
    name = "ask";
    hello() {
      return this.emit("hello", this.name);
    }
  }
  const command = new Command();
  let heard = "";
  command.on("hello", (name: string) => heard = name);
  assert.equal(command.hello(), true);
  assert.equal(heard, "ask");
});

Deno.test("lazyModule loads the module on first use only, once, with its methods bound", () => {
  let loads = 0;
  const module = lazyModule(() => {
    loads++;
    const loaded = {
      base: 2,
      times(value: number): number {
        return loaded.base * value * (this === loaded ? 1 : 0);
      },
    };
    return loaded;
  }) as { base: number; times(value: number): number };
  assert.equal(loads, 0);
  const times = module.times;
  assert.equal(times(3), 6);
  assert.equal("base" in module, true);
  module.base = 5;
  assert.equal(module.times(3), 15);
  assert.equal(loads, 1);
});

Deno.test("the lazy process and path are Node's", () => {
  const path = pathModule as typeof nodePath;
  assert.equal(path.basename("/a/b/omn.js", path.extname("/a/b/omn.js")), "omn");
  assert.equal(path.resolve("/a", "b"), nodePath.resolve("/a", "b"));
  const process = processModule as { platform: string; env: Record<string, string | undefined> };
  assert.equal(
    process.platform,
    (globalThis as unknown as { process: { platform: string } }).process.platform,
  );
  assert.equal("PATH_THAT_IS_NOT_SET_ANYWHERE" in process.env, false);
});
