/**
 * What commander takes from Node's built-in modules, for the bundle: the
 * build points commander's `node:` imports here (scripts/commander_imports.ts),
 * so that a start does not load Deno's Node compatibility modules (`fs`,
 * `child_process`, `path`, `process`, `events`, `util` and what they load:
 * about as much time as Deno's own start).
 *
 * `EventEmitter` and `stripVTControlCharacters` are what commander uses on
 * every run: they are written out here, the emitter with Node's semantics
 * for the methods commander calls. The four modules commander reaches only
 * in some paths (`process` for its defaults, which omn overrides; `fs`,
 * `path` and `child_process` for executable subcommands, which omn has
 * none of) are the real ones, loaded on first use.
 *
 * The source (`deno test`, `deno run main.ts`) imports commander with the
 * real modules; the end-to-end tests run the bundle with these.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Listener = (...args: any[]) => unknown;

/** A listener registered with `once`, and the listener it wraps. */
interface OnceWrapper extends Listener {
  listener: Listener;
}

/**
 * Node's `EventEmitter`, for the methods commander and its users call: `on`,
 * `once`, `emit`, `listenerCount` and their companions.
 */
export class EventEmitter {
  #listeners = new Map<string | symbol, Listener[]>();
  #maxListeners = 10;

  /** Adds a listener at the end. */
  on(event: string | symbol, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Same as `on`. */
  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Adds a listener at the start. */
  prependListener(event: string | symbol, listener: Listener): this {
    this.#listeners.set(event, [listener, ...(this.#listeners.get(event) ?? [])]);
    return this;
  }

  /** Adds a listener that is removed before it first runs. */
  once(event: string | symbol, listener: Listener): this {
    const wrapper = function (this: EventEmitter, ...args: unknown[]) {
      this.removeListener(event, wrapper);
      return listener.apply(this, args);
    } as OnceWrapper;
    wrapper.listener = listener;
    return this.on(event, wrapper);
  }

  /** Removes the last registration of a listener (or of a `once` wrapping it). */
  removeListener(event: string | symbol, listener: Listener): this {
    const list = this.#listeners.get(event);
    if (list === undefined) return this;
    for (let index = list.length - 1; index >= 0; index--) {
      const entry = list[index];
      if (entry === listener || (entry as Partial<OnceWrapper>).listener === listener) {
        const rest = [...list.slice(0, index), ...list.slice(index + 1)];
        if (rest.length === 0) this.#listeners.delete(event);
        else this.#listeners.set(event, rest);
        break;
      }
    }
    return this;
  }

  /** Same as `removeListener`. */
  off(event: string | symbol, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** Removes every listener of an event, or of every event. */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  /**
   * Calls the event's listeners in order with `this` the emitter; returns
   * whether there were any. An `"error"` without a listener throws.
   */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (list === undefined || list.length === 0) {
      if (event === "error") {
        throw args[0] instanceof Error
          ? args[0]
          : new Error(`Unhandled error. (${String(args[0])})`);
      }
      return false;
    }
    for (const listener of [...list]) listener.apply(this, args);
    return true;
  }

  /** How many listeners the event has. */
  listenerCount(event: string | symbol): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** The event's listeners (a `once` listener as itself). */
  listeners(event: string | symbol): Listener[] {
    return (this.#listeners.get(event) ?? []).map((entry) =>
      (entry as Partial<OnceWrapper>).listener ?? entry
    );
  }

  /** The events that have listeners. */
  eventNames(): (string | symbol)[] {
    return [...this.#listeners.keys()];
  }

  /** Kept for compatibility: this emitter never warns about many listeners. */
  setMaxListeners(count: number): this {
    this.#maxListeners = count;
    return this;
  }

  /** The value `setMaxListeners` set (10 by default). */
  getMaxListeners(): number {
    return this.#maxListeners;
  }
}

/** Node's pattern of ANSI escape sequences (`node:util` `stripVTControlCharacters`). */
const ANSI_PATTERN = new RegExp(
  "[\\u001B\\u009B][[\\]()#;?]*" +
    "(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*" +
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?" +
    "(?:\\u0007|\\u001B\\u005C|\\u009C))" +
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?" +
    "[\\dA-PR-TZcf-ntqry=><~]))",
  "g",
);

/** The text without its ANSI escape sequences, as `node:util` gives it. */
export function stripVTControlCharacters(text: string): string {
  if (typeof text !== "string") {
    throw new TypeError(`The "str" argument must be of type string. Received ${typeof text}`);
  }
  return text.replace(ANSI_PATTERN, "");
}

/** Node's `process`, as Deno defines it on `globalThis` (loaded on first use). */
interface NodeProcess {
  getBuiltinModule(name: string): object;
}

function nodeProcess(): NodeProcess {
  return (globalThis as unknown as { process: NodeProcess }).process;
}

/** An object that stands for `load()`'s result and loads it on first use. */
export function lazyModule(load: () => object): object {
  let loaded: object | undefined;
  const target = () => loaded ??= load();
  return new Proxy({}, {
    get(_, key) {
      const module = target();
      const value = Reflect.get(module, key, module);
      return typeof value === "function" ? value.bind(module) : value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
  });
}

/** `node:process` (its default export), loaded on first use. */
export const processModule: object = lazyModule(() => nodeProcess());
/** `node:fs`, loaded on first use. */
export const fsModule: object = lazyModule(() => nodeProcess().getBuiltinModule("node:fs"));
/** `node:path`, loaded on first use. */
export const pathModule: object = lazyModule(() => nodeProcess().getBuiltinModule("node:path"));
/** `node:child_process`, loaded on first use. */
export const childProcessModule: object = lazyModule(() =>
  nodeProcess().getBuiltinModule("node:child_process")
);
