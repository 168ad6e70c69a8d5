/**
 * The spinner shown on stderr while a reply has not started. It is drawn
 * with `Io.status`, so it shows only when stderr is a terminal and
 * `--quiet` is off.
 *
 * @module
 */
import type { Io } from "../core/io.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** How often the spinner turns. */
export const SPINNER_INTERVAL_MS = 80;

/**
 * Starts the spinner with `label` beside it; returns the function that stops
 * and clears it (safe to call more than once). Nothing is drawn, and no
 * timer runs, when stderr is not a terminal.
 */
export function startSpinner(io: Io, label: string): () => void {
  if (!io.stderrIsTerminal || io.settings.quiet) return () => {};
  let frame = 0;
  const draw = () => io.status(`${FRAMES[frame++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, SPINNER_INTERVAL_MS);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    io.status(undefined);
  };
}
