/**
 * Run by the config tests in a child `deno run` under omn's permission set
 * (see `runWorker` in `_helpers.ts`); the config directory comes from
 * `OMNIMANCER_HOME`.
 *
 * - `add-providers <worker> <count>`: prints `ready`, waits for the end of
 *   its stdin (the start signal, so that several workers start their
 *   updates together), then makes `count` updates, each adding provider
 *   `w<worker>-<i>`;
 * - `set-color`: one update that flips `settings.color`;
 * - `read`: prints the config and warnings as JSON;
 * - `set-color-twice-then-read`: `set-color` twice and `read`, each with a
 *   store of its own, in one process (the umask tests: one start, not three);
 * - `hold-lock`: starts an update whose mutation prints `locked` and never
 *   ends, so the lock is held until the process is killed.
 *
 * Prints `ok` (or the JSON) on success; on failure prints the error's class
 * and message to stderr and exits 1.
 *
 * @module
 */
import { configPaths } from "../../src/config/paths.ts";
import { setConfigValue } from "../../src/config/schema.ts";
import { ConfigStore } from "../../src/config/store.ts";

const [command, ...args] = Deno.args;
const newStore = () => new ConfigStore(configPaths((name) => Deno.env.get(name)));
const store = newStore();
const flipColor = (store: ConfigStore) =>
  store.update(
    (config) => setConfigValue(config, "settings.color", String(!config.settings?.color)),
    { reason: "set settings.color" },
  );

try {
  if (command === "add-providers") {
    const [worker, count] = args;
    console.log("ready");
    for await (const _ of Deno.stdin.readable) {
      // Nothing is sent: the end of stdin is the signal.
    }
    for (let index = 0; index < Number(count); index++) {
      const key = `providers.w${worker}-${index}.default_model`;
      await store.update((config) => setConfigValue(config, key, `model-${index}`), {
        reason: `set ${key}`,
      });
    }
    console.log("ok");
  } else if (command === "set-color") {
    await flipColor(store);
    console.log("ok");
  } else if (command === "set-color-twice-then-read") {
    await flipColor(store);
    await flipColor(newStore());
    const { config, exists, warnings } = await newStore().read();
    console.log(JSON.stringify({ config, exists, warnings }));
  } else if (command === "hold-lock") {
    await store.update(async (config) => {
      console.log("locked");
      await new Promise(() => setInterval(() => {}, 60_000));
      return config;
    }, { reason: "hold the lock" });
  } else if (command === "read") {
    const { config, exists, warnings } = await store.read();
    console.log(JSON.stringify({ config, exists, warnings }));
  } else {
    throw new Error(`Unknown worker command "${command}"`);
  }
} catch (error) {
  const name = error instanceof Error ? error.constructor.name : "Error";
  console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  Deno.exit(1);
}
