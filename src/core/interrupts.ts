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
 * one was aborted, the run is ending, and every later signal exits at once.
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
  /** Aborted, with an {@linkcode InterruptedError}, by the first signal. */
  readonly signal: AbortSignal;
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
  const watched: AbortController[] = [];
  let firstAt = -Infinity;
  const now = hooks.now ?? (() => performance.now());
  const handle = (signal: string) => {
    const current = watched.at(-1);
    if (current && firstAt === -Infinity) {
      firstAt = now();
      current.abort(new InterruptedError("interrupted", { cause: signal }));
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
      const controller = new AbortController();
      watched.push(controller);
      return {
        signal: controller.signal,
        [Symbol.dispose]() {
          const at = watched.indexOf(controller);
          if (at >= 0) watched.splice(at, 1);
        },
      };
    },
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
