/**
 * The streaming core of `omn scan`: findings located by line and column,
 * released as the text arrives, in memory bounded by the longest secret
 * format whatever the input's size.
 *
 * @module
 */
import { scanNormalized } from "./_scan_normalized.ts";
import { type Hit, LOOKBEHIND_CONTEXT } from "./_matcher.ts";
import {
  AWS_EXAMPLE_ID,
  AWS_EXAMPLE_REACH,
  isDocumentationExample,
} from "./documentation_examples.ts";
import { fingerprint } from "./fingerprint.ts";
import type { ScanFinding } from "./scan.ts";

/** The inline comment that acknowledges every finding on its line. */
export const ALLOW_MARKER = "omn:allow";

/** Options of a {@linkcode SecretScanner}. */
export interface SecretScannerOptions {
  /** Names the text in the findings (a path, or `<stdin>`). */
  source: string;
  /** The number of the first line; default 1. */
  firstLine?: number;
  /** Fingerprints the user has acknowledged (`settings.scan_allow`). */
  allowed?: ReadonlySet<string>;
}

interface LineRecord {
  /** Absolute offset of the line's first character. */
  readonly start: number;
  readonly number: number;
  /** Whether the line holds {@linkcode ALLOW_MARKER}. */
  allow: boolean;
  /** Whether the line's end has been seen. */
  ended: boolean;
}

interface PendingHit {
  readonly start: number;
  readonly hit: Hit;
  readonly example: boolean;
}

/**
 * The most findings kept waiting for the end of their line: beyond it, the
 * oldest are released with what is known of their line so far, so that one
 * endless line full of secrets cannot grow memory without bound.
 */
export const MAX_WAITING = 1024;

const EXAMPLE_HIT = {
  kind: "aws-access-key-id",
  label: "AWS access key id",
  masked: "AKIA***",
} as const;

/**
 * Finds secrets in a text given in chunks. The findings `push` and `finish`
 * return, concatenated, are those of the whole text, in order of position;
 * each is released once its line has ended (so that an `omn:allow` comment
 * after the secret counts), and the text held back never exceeds the reach
 * of the longest secret format (or the longest known secret). Lines end at
 * `\n`; columns count UTF-16 code units from 1.
 *
 * @example
 * ```ts
 * import { SecretScanner } from "./secret_scanner.ts";
 * const scanner = new SecretScanner({ source: "app.env" });
 * const findings = [...scanner.push("ok\nkey=AKIAQWERTYUIOPASDF"), ...scanner.push("GH\n"), ...scanner.finish()];
 * // [{ kind: "aws-access-key-id", source: "app.env", line: 2, column: 5, status: "secret", ... }]
 * ```
 */
export class SecretScanner {
  readonly #source: string;
  readonly #allowed: ReadonlySet<string>;
  /** Context already scanned (for lookbehinds), then the text not yet decided. */
  #text = "";
  #contextLength = 0;
  /** Absolute offset of `#text[0]`. */
  #base = 0;
  /** Absolute length received. */
  #received = 0;
  /** Absolute offset from which documentation example ids are still to be searched. */
  #exampleFrom = 0;
  #lines: LineRecord[];
  #markerTail = "";
  #pending: PendingHit[] = [];

  constructor(options: SecretScannerOptions) {
    this.#source = options.source;
    this.#allowed = options.allowed ?? new Set();
    this.#lines = [{ start: 0, number: options.firstLine ?? 1, allow: false, ended: false }];
  }

  /** Takes the next chunk and returns the findings that can be released. */
  push(chunk: string): ScanFinding[] {
    this.#trackLines(chunk);
    return this.#take(chunk, false);
  }

  /** Ends the text and returns the remaining findings. */
  finish(): ScanFinding[] {
    return this.#take("", true);
  }

  /** How many characters are held back (for tests of the memory bound). */
  get heldLength(): number {
    return this.#text.length;
  }

  #trackLines(chunk: string): void {
    let from = 0;
    while (true) {
      const newline = chunk.indexOf("\n", from);
      const current = this.#lines[this.#lines.length - 1];
      if (!current.allow) {
        const probe = this.#markerTail + chunk.slice(from, newline === -1 ? chunk.length : newline);
        if (probe.includes(ALLOW_MARKER)) current.allow = true;
        else this.#markerTail = probe.slice(-(ALLOW_MARKER.length - 1));
      }
      if (newline === -1) break;
      current.ended = true;
      this.#markerTail = "";
      this.#lines.push({
        start: this.#received + newline + 1,
        number: current.number + 1,
        allow: false,
        ended: false,
      });
      from = newline + 1;
    }
    this.#received += chunk.length;
  }

  #take(chunk: string, final: boolean): ScanFinding[] {
    const text = this.#text + chunk;
    const base = this.#base;
    const from = this.#contextLength;
    const found: PendingHit[] = [];
    // Through invisible and look-alike characters, and the stored keys' hints, as redact does.
    const limit = scanNormalized(text, from, final, (start, _end, hit) => {
      found.push({ start: base + start, hit, example: isDocumentationExample(hit.secret) });
    });
    const exampleLimit = final ? text.length : Math.max(0, text.length - AWS_EXAMPLE_REACH);
    const exampleStart = Math.max(0, this.#exampleFrom - base);
    if (exampleStart < exampleLimit) {
      AWS_EXAMPLE_ID.lastIndex = Math.max(0, exampleStart);
      for (
        let match = AWS_EXAMPLE_ID.exec(text);
        match !== null;
        match = AWS_EXAMPLE_ID.exec(text)
      ) {
        if (match.index >= exampleLimit) break;
        found.push({
          start: base + match.index,
          hit: { ...EXAMPLE_HIT, secret: match[0] },
          example: true,
        });
      }
      this.#exampleFrom = base + exampleLimit;
    }
    for (const hit of found) this.#insertPending(hit);
    const safe = final ? Infinity : Math.min(base + limit - LOOKBEHIND_CONTEXT, this.#exampleFrom);
    const released: ScanFinding[] = [];
    while (this.#pending.length > 0 && this.#pending[0].start < safe) {
      const line = this.#lineOf(this.#pending[0].start);
      if (!line.ended && !final && this.#pending.length <= MAX_WAITING) break;
      released.push(this.#finding(this.#pending.shift()!, line));
    }
    this.#pruneLines(Math.min(safe, this.#pending[0]?.start ?? Infinity));
    const keepFrom = Math.max(
      0,
      Math.min(limit - LOOKBEHIND_CONTEXT, this.#exampleFrom - base - AWS_EXAMPLE_REACH),
    );
    this.#text = final ? "" : text.slice(keepFrom);
    this.#base = final ? base + text.length : base + keepFrom;
    this.#contextLength = final ? 0 : limit - keepFrom;
    return released;
  }

  #insertPending(hit: PendingHit): void {
    let index = this.#pending.length;
    while (index > 0 && this.#pending[index - 1].start > hit.start) index--;
    this.#pending.splice(index, 0, hit);
  }

  #lineOf(position: number): LineRecord {
    let low = 0;
    let high = this.#lines.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#lines[middle].start <= position) low = middle;
      else high = middle - 1;
    }
    return this.#lines[low];
  }

  /** Forgets the lines that end before `position`. */
  #pruneLines(position: number): void {
    let drop = 0;
    while (drop + 1 < this.#lines.length && this.#lines[drop + 1].start <= position) drop++;
    if (drop > 0) this.#lines.splice(0, drop);
  }

  #finding(pending: PendingHit, line: LineRecord): ScanFinding {
    const print = fingerprint(pending.hit.secret);
    const allowedBy = this.#allowed.has(print) ? "config" : line.allow ? "comment" : undefined;
    return {
      kind: pending.hit.kind,
      label: pending.hit.label,
      source: this.#source,
      line: line.number,
      column: pending.start - line.start + 1,
      masked: pending.hit.masked,
      fingerprint: print,
      status: allowedBy !== undefined ? "allowed" : pending.example ? "example" : "secret",
      ...(allowedBy === undefined ? {} : { allowedBy }),
    };
  }
}
