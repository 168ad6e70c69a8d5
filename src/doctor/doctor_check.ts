/**
 * One item of the `omn doctor` checklist.
 *
 * @module
 */

/** How an item fared: `unknown` when omn cannot check it (the reason says why). */
export type DoctorStatus = "pass" | "warn" | "fail" | "unknown";

/** One checked item. */
export interface DoctorCheck {
  /** Stable id (`file-modes.config`, `key-source.openai`). */
  id: string;
  status: DoctorStatus;
  /** What was found, one line. */
  detail: string;
  /** How to fix it, for warn, fail and unknown. */
  fix?: string;
}
