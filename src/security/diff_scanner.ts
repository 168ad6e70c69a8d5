/**
 * `omn scan` of a unified diff (`git diff --cached | omn scan`): only the
 * added lines are scanned, and each finding is located in the new file by
 * the hunk headers.
 *
 * @module
 */
import type { ScanFinding } from "./scan.ts";
import { SecretScanner } from "./secret_scanner.ts";

/** The most characters of a header line kept (a longer path is cut). */
const MAX_HEADER_LENGTH = 4096;

/**
 * Whether a text starts like a unified diff: its first line is
 * `diff --git …`, or its first two lines are `--- …` and `+++ …`. Other
 * shapes (`git show`, `git format-patch` output) are scanned as plain text
 * unless `--diff` is given.
 *
 * @example
 * ```ts
 * import { looksLikeDiff } from "./diff_scanner.ts";
 * looksLikeDiff("diff --git a/x b/x\n"); // true
 * looksLikeDiff("hello\n"); // false
 * ```
 */
export function looksLikeDiff(head: string): boolean {
  if (head.startsWith("diff --git ")) return true;
  return /^--- [^\n]*\n\+\+\+ /.test(head);
}

/** Options of a {@linkcode DiffScanner}. */
export interface DiffScannerOptions {
  /** Fingerprints the user has acknowledged. */
  allowed?: ReadonlySet<string>;
}

/**
 * Scans a unified diff given in chunks, as {@linkcode SecretScanner} scans
 * plain text: the added (`+`) lines of each hunk are scanned, context lines
 * stand in as empty lines (so a secret is never reported for text the diff
 * did not add), removed lines are skipped, and each finding names the new
 * file's path (without git's `b/` prefix) and its line there. A deleted
 * file (`+++ /dev/null`) has no added lines. Lines of a hunk are counted
 * from its header, so an added line that starts with `+++` is content.
 *
 * @example
 * ```ts
 * import { DiffScanner } from "./diff_scanner.ts";
 * const scanner = new DiffScanner();
 * scanner.push("diff --git a/app.env b/app.env\n--- a/app.env\n+++ b/app.env\n@@ -4,0 +5 @@\n+k=AKIAQWERTYUIOPASDFGH\n");
 * scanner.finish(); // [{ source: "app.env", line: 5, column: 3, ... }]
 * ```
 */
export class DiffScanner {
  readonly #allowed: ReadonlySet<string> | undefined;
  #path: string | null = null;
  #scanner: SecretScanner | null = null;
  #oldLeft = 0;
  #newLeft = 0;
  /** What the current line is, once its first character is seen. */
  #line: "start" | "added" | "context" | "skip" | "header" = "start";
  #header = "";

  constructor(options: DiffScannerOptions = {}) {
    this.#allowed = options.allowed;
  }

  /** Takes the next chunk of the diff and returns the findings that can be released. */
  push(chunk: string): ScanFinding[] {
    const findings: ScanFinding[] = [];
    let position = 0;
    while (position < chunk.length) {
      if (this.#line === "start") {
        this.#line = this.#classify(chunk.charCodeAt(position));
        if (this.#line === "added" || this.#line === "context" || this.#line === "skip") {
          position++; // the line's marker is not part of the file
        }
      }
      const newline = chunk.indexOf("\n", position);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.slice(position, end);
      if (this.#line === "added") findings.push(...this.#scanner!.push(piece));
      else if (this.#line === "header" && this.#header.length < MAX_HEADER_LENGTH) {
        this.#header += piece.slice(0, MAX_HEADER_LENGTH - this.#header.length);
      }
      if (newline !== -1) findings.push(...this.#endLine());
      position = end;
    }
    return findings;
  }

  /** Ends the diff and returns the remaining findings. */
  finish(): ScanFinding[] {
    const findings = this.#line === "start" ? [] : this.#endLine();
    return [...findings, ...this.#closeHunk()];
  }

  #classify(code: number): "added" | "context" | "skip" | "header" {
    if (this.#oldLeft <= 0 && this.#newLeft <= 0) return "header";
    if (code === 0x2b /* + */ && this.#newLeft > 0 && this.#scanner !== null) {
      this.#newLeft--;
      return "added";
    }
    if (code === 0x2b) {
      this.#newLeft--;
      return "skip";
    }
    if (code === 0x2d /* - */) {
      this.#oldLeft--;
      return "skip";
    }
    if (code === 0x20 /* space */ || code === 0x0a /* an empty context line */) {
      this.#oldLeft--;
      this.#newLeft--;
      return code === 0x0a ? "header" : "context";
    }
    if (code === 0x5c /* \ No newline at end of file */) return "skip";
    this.#oldLeft = 0;
    this.#newLeft = 0;
    return "header";
  }

  #endLine(): ScanFinding[] {
    const kind = this.#line;
    this.#line = "start";
    if (kind === "context") return this.#scanner?.push("\n") ?? [];
    if (kind !== "header") return [];
    const header = this.#header.replace(/\r?\n$/, "");
    this.#header = "";
    if (header === "" && this.#scanner !== null) return this.#scanner.push("\n");
    return this.#readHeader(header);
  }

  #readHeader(header: string): ScanFinding[] {
    if (header.startsWith("diff ")) {
      const findings = this.#closeHunk();
      const git = /^diff --git (?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(header);
      this.#path = git === null ? null : newPath(git[1]);
      return findings;
    }
    if (header.startsWith("+++ ")) {
      const findings = this.#closeHunk();
      const target = header.slice(4).replace(/\t.*$/, "");
      this.#path = target === "/dev/null" ? null : newPath(target);
      return findings;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(header);
    if (hunk === null) return [];
    const findings = this.#closeHunk();
    this.#oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
    this.#newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
    if (this.#path !== null) {
      this.#scanner = new SecretScanner({
        source: this.#path,
        firstLine: Math.max(1, Number(hunk[2])),
        allowed: this.#allowed,
      });
    }
    return findings;
  }

  #closeHunk(): ScanFinding[] {
    const findings = this.#scanner?.finish() ?? [];
    this.#scanner = null;
    this.#oldLeft = 0;
    this.#newLeft = 0;
    return findings;
  }
}

/** A path of a diff header without git's quoting and `b/` prefix. */
function newPath(field: string): string {
  const unquoted = field.startsWith('"') ? unquoteC(field.slice(1, -1)) : field;
  return unquoted.startsWith("b/") ? unquoted.slice(2) : unquoted;
}

/** Git's C-style quoting undone (`\t`, `\"`, `\\`, octal bytes as UTF-8). */
function unquoteC(text: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8 };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== "\\") {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = text[index + 1];
    const octal = /^[0-7]{3}/.exec(text.slice(index + 1));
    if (octal !== null) {
      bytes.push(parseInt(octal[0], 8));
      index += 3;
    } else if (next !== undefined && Object.hasOwn(simple, next)) {
      bytes.push(simple[next]);
      index++;
    } else bytes.push(92);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
