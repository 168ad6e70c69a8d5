/**
 * Whether this run keeps history, and for how long: `--no-history` turns it
 * off for one run; `settings.history` in the config turns it on or off;
 * otherwise it is on, except when the `CI` environment variable is set.
 *
 * @module
 */
import type { Config } from "../config/schema.ts";

/** Days a conversation is kept after its last change unless the config says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The history settings of one run. */
export interface HistorySettings {
  /** Whether conversations and chat input history are written. */
  enabled: boolean;
  /** Conversations unchanged for longer are removed when history is written. */
  retentionDays: number;
}

/** Whether `CI` is set to something other than empty, `0` or `false`. */
export function isCi(env: (name: string) => string | undefined): boolean {
  const value = env("CI")?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * The history settings for a run.
 *
 * @example
 * ```ts
 * import { historySettings } from "./history_settings.ts";
 * historySettings({ version: 1 }, (name) => name === "CI" ? "true" : undefined).enabled; // false
 * ```
 */
export function historySettings(
  config: Config,
  env: (name: string) => string | undefined,
  options: { history?: boolean } = {},
): HistorySettings {
  const configured = config.settings?.history;
  const enabled = options.history === false ? false : configured ?? !isCi(env);
  return {
    enabled,
    retentionDays: config.settings?.history_retention_days ?? DEFAULT_RETENTION_DAYS,
  };
}
