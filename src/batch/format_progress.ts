/**
 * The progress line of `omn batch` (shown on stderr when it is a terminal).
 * Pure.
 *
 * @module
 */

/** Where a batch stands. */
export interface ProgressState {
  /** The job's name. */
  job: string;
  /** Items finished in this run (results written). */
  done: number;
  /** Items of this run in all; unknown until the input has been read to its end. */
  total?: number;
  /** Of the finished items, those that failed. */
  failed: number;
  /** Time since the run started. */
  elapsedMs: number;
}

/**
 * `batch NAME: done/total (percent) · failed · rate · ETA`.
 *
 * @example
 * ```ts
 * import { formatProgress } from "./format_progress.ts";
 * formatProgress({ job: "j", done: 250, total: 1000, failed: 3, elapsedMs: 5000 });
 * // "batch j: 250/1000 (25%) · 3 failed · 50.0/s · ETA 15s"
 * ```
 */
export function formatProgress(state: ProgressState): string {
  const rate = state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
  const parts = [
    state.total === undefined
      ? `${state.done}/…`
      : `${state.done}/${state.total} (${
        state.total === 0 ? 100 : Math.floor((state.done * 100) / state.total)
      }%)`,
    `${state.failed} failed`,
    `${rate.toFixed(1)}/s`,
  ];
  if (state.total !== undefined && rate > 0) {
    parts.push(`ETA ${formatDuration(((state.total - state.done) / rate) * 1000)}`);
  }
  return `batch ${state.job}: ${parts.join(" · ")}`;
}

/** `15s`, `4m05s`, `2h03m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
