/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed). While a command watches for them (`ask`
 * while a reply streams), the first one aborts its signal: the command stops
 * the request, prints what it received and a final result, and exits 130.
 * A second one, or one that arrives while nothing is watched, exits 130 at
 * once.
 *
 * A signal within {@linkcode REPEAT_WINDOW_MS} of the first counts as the same
 * one: a Ctrl-C reaches every process of the terminal's foreground group, so
 * a launcher that also forwards it (`deno task omn`, npm scripts) delivers it
 * twice.
 *
 * Watches nest: the first signal aborts the innermost one (the reply
 * streaming), else the one around it (the whole run, `run_cli.ts`); once
 * one was aborted, the run is ending, every later signal exits at once, and
 * a watch started later is aborted from the start.
 *
 * Signal listeners need no Deno permission. They are installed on the first
 * watch and stay for the life of the process (a runtime cannot give a signal
 * back to its default handling), so that unwatched signals still exit.
 *
 * @module
 */
import { ExitCode, InterruptedError } from "./errors.ts";

/** One command's watch; disposing it ends the watch. */
export interface InterruptWatch extends Disposable {
  /**
   * Aborted, with an {@linkcode InterruptedError}, by the first signal. Made
   * on first use: an `AbortSignal` and its listeners cost a start the first
   * run of Deno's event code, which a watch that only races does without.
   */
  readonly signal: AbortSignal;
  /**
   * `promise`, or a rejection with the {@linkcode InterruptedError} as soon
   * as the first signal aborts this watch (at once when it was); the
   * promise itself goes on, and a failure of it after the interruption is
   * taken (never an unhandled rejection).
   */
  race<T>(promise: Promise<T>): Promise<T>;
}

/** The process's interruptions, as commands see them. */
export interface Interrupts {
  /**
   * Starts watching; until the watch is disposed (or one inside it starts), the first signal
   * aborts it instead of exiting.
   */
  watch(): InterruptWatch;
}

/** How soon after the first a signal is taken for the same one, delivered twice. */
export const REPEAT_WINDOW_MS = 250;

/** What {@linkcode createInterrupts} needs from the process. */
export interface InterruptHooks {
  /** Installs `handler` for the interrupting signals; called once, on the first watch. */
  listen(handler: (signal: string) => void): void;
  /** Ends the process at once. */
  exit(code: number): void;
  /** A clock in milliseconds; `performance.now` when absent. */
  now?: () => number;
}

/** Interruptions over injected hooks (tests give fakes; `main.ts` gives {@linkcode processInterruptHooks}). */
export function createInterrupts(hooks: InterruptHooks): Interrupts {
  let listening = false;
  const watched: AbortableWatch[] = [];
  let firstAt = -Infinity;
  let first: InterruptedError | undefined;
  const now = hooks.now ?? (() => performance.now());
  const handle = (signal: string) => {
    const current = watched.at(-1);
    if (current && firstAt === -Infinity) {
      firstAt = now();
      first = new InterruptedError("interrupted", { cause: signal });
      current.abort(first);
    } else if (now() - firstAt >= REPEAT_WINDOW_MS) {
      hooks.exit(ExitCode.Interrupted);
    }
  };
  return {
    watch(): InterruptWatch {
      if (!listening) {
        hooks.listen(handle);
        listening = true;
      }
      const watch = abortableWatch(() => {
        const at = watched.indexOf(watch);
        if (at >= 0) watched.splice(at, 1);
      });
      watched.push(watch);
      // The run is ending: a command that goes on after it reported the interruption (the
      // signal came while the run's own watch was the innermost) starts nothing more.
      if (first !== undefined) watch.abort(first);
      return watch;
    },
  };
}

/** A watch and the abort that the first signal calls. */
interface AbortableWatch extends InterruptWatch {
  abort(reason: InterruptedError): void;
}

/** A watch whose `signal` is made on first use and whose races need none. */
function abortableWatch(dispose: () => void): AbortableWatch {
  let reason: InterruptedError | undefined;
  let controller: AbortController | undefined;
  const racing = new Set<(reason: unknown) => void>();
  return {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (reason !== undefined) controller.abort(reason);
      }
      return controller.signal;
    },
    race<T>(promise: Promise<T>): Promise<T> {
      if (reason !== undefined) {
        // The promise goes on unwatched, and may fail (the stream it reads was aborted): a failure
        // nothing took would end the process with exit 1 ("Uncaught (in promise)").
        promise.catch(() => {});
        return Promise.reject(reason);
      }
      return new Promise<T>((resolve, reject) => {
        racing.add(reject);
        promise.then(resolve, reject).finally(() => racing.delete(reject));
      });
    },
    abort(next) {
      reason = next;
      controller?.abort(next);
      for (const reject of racing) reject(next);
      racing.clear();
    },
    [Symbol.dispose]: dispose,
  };
}

/**
 * The real process's hooks: SIGINT, SIGTERM and SIGHUP (SIGINT and SIGBREAK
 * on Windows), `Deno.exit`. SIGHUP ends a run as the other two do (exit 130,
 * the text received and a final result first): left to its default, it
 * killed omn with no result at all.
 */
export function processInterruptHooks(): InterruptHooks {
  return {
    listen(handler) {
      const signals: Deno.Signal[] = Deno.build.os === "windows"
        ? ["SIGINT", "SIGBREAK"]
        : ["SIGINT", "SIGTERM", "SIGHUP"];
      for (const signal of signals) Deno.addSignalListener(signal, () => handler(signal));
    },
    exit: (code) => Deno.exit(code),
  };
}
