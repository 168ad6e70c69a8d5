/**
 * The work of `omn scan`: read each input as a stream, find secrets, print
 * them as they are found, and end with exit 1 when a leak was found.
 *
 * @module
 */
import { ExitCode, SilentError, UsageError } from "../core/errors.ts";
import { openUserFile } from "../core/open_user_file.ts";
import type { CliContext } from "../core/context.ts";
import { openConfigStore, registerConfigSecrets } from "../config/config_access.ts";
import { VERSION } from "../version.ts";
import { DiffScanner, looksLikeDiff } from "../security/diff_scanner.ts";
import { SecretScanner } from "../security/secret_scanner.ts";
import {
  jsonReportWriter,
  type ScanReportWriter,
  textReportWriter,
} from "../security/scan_format.ts";
import type { ScanFinding } from "../security/scan.ts";
import { sarifReportWriter } from "../security/scan_sarif.ts";
import { addScanAllow } from "./scan_allow.ts";

/** The most findings listed per input; the rest are counted and said to be left out. */
export const MAX_FINDINGS_PER_INPUT = 1000;

/** The inputs of one `scan`. */
export interface ScanOptions {
  files: string[];
  format: "text" | "json" | "sarif";
  /** `true`: every input is a unified diff; `false`: none is; absent: detected from its start. */
  diff?: boolean;
  /** The name stdin is given in reports (`--name`). */
  name?: string;
  /** `--allow FP`: acknowledge a fingerprint instead of scanning. */
  allow?: string;
  /** `--baseline`: print the acknowledged fingerprints as JSON instead of scanning. */
  baseline?: boolean;
}

/** How many findings of each status one scan found. */
interface Tally {
  secret: number;
  example: number;
  allowed: number;
}

/** Scans every input, or manages the allowed fingerprints, as `options` says. */
export async function runScan(options: ScanOptions, context: CliContext): Promise<void> {
  const store = openConfigStore(context);
  if (options.allow !== undefined) {
    if (options.files.length > 0 || options.baseline) {
      throw new UsageError(
        `Cannot combine --allow with files or --baseline: run omn scan --allow ${options.allow} alone`,
      );
    }
    await addScanAllow(options.allow, store, context);
    return;
  }
  const { config } = await store.read();
  registerConfigSecrets(config);
  const allowed = config.settings?.scan_allow ?? [];
  if (options.baseline) {
    if (options.files.length > 0) {
      throw new UsageError("Cannot combine --baseline with files: run omn scan --baseline alone");
    }
    await context.io.write(`${JSON.stringify(allowed, null, 2)}\n`);
    return;
  }
  const files = options.files.length > 0 ? options.files : ["-"];
  if (options.name !== undefined && !files.includes("-")) {
    throw new UsageError(
      `Cannot use --name "${options.name}" without stdin: it names "-" (omn scan --name ${options.name} - < FILE)`,
    );
  }
  const writer = reportWriter(options.format);
  const tally: Tally = { secret: 0, example: 0, allowed: 0 };
  const notes: string[] = [];
  const streams = await openInputs(files, context);
  await context.io.write(writer.begin());
  for (const [index, file] of files.entries()) {
    const stream = streams[index];
    const source = file === "-" ? options.name ?? "<stdin>" : file;
    const note = await scanInput(
      stream,
      { source, diff: options.diff, allowed, writer, tally },
      context,
    );
    if (note !== undefined) notes.push(note);
  }
  await context.io.write(writer.end(notes));
  for (const note of notes) context.io.message("warn", note);
  const total = tally.secret + tally.example + tally.allowed;
  if (total > 0) context.io.message("info", summary(tally));
  if (tally.secret > 0) throw new SilentError(ExitCode.Runtime);
}

/**
 * Opens every input before the report begins, so that a file omn may not
 * read leaves stdout empty, never half a JSON or SARIF document.
 */
async function openInputs(
  files: readonly string[],
  context: CliContext,
): Promise<ReadableStream<Uint8Array>[]> {
  const streams: ReadableStream<Uint8Array>[] = [];
  try {
    for (const file of files) {
      streams.push(
        file === "-" ? context.io.stdin : await openUserFile(
          file,
          looksLikeDirectory(file)
            ? `to scan a git repository, pipe it as a diff: git diff "$(git hash-object -t tree /dev/null)" HEAD | omn scan`
            : `scan it through stdin: omn scan --name "${file}" - < "${file}"`,
        ),
      );
    }
  } catch (error) {
    await Promise.all(streams.map((stream) => stream.cancel().catch(() => {})));
    throw error;
  }
  return streams;
}

/** Whether a path names a directory by its form (`.`, `..`, a trailing `/`). */
function looksLikeDirectory(path: string): boolean {
  return /(?:^|\/)\.{1,2}$|\/$/.test(path);
}

function reportWriter(format: ScanOptions["format"]): ScanReportWriter {
  if (format === "json") return jsonReportWriter();
  if (format === "sarif") return sarifReportWriter(VERSION);
  return textReportWriter();
}

function summary(tally: Tally): string {
  const parts = [`${tally.secret} secret${tally.secret === 1 ? "" : "s"} found`];
  if (tally.example > 0) {
    parts.push(`${tally.example} documentation example${tally.example === 1 ? "" : "s"}`);
  }
  if (tally.allowed > 0) parts.push(`${tally.allowed} allowed`);
  return parts.join(", ");
}

interface InputOptions {
  source: string;
  diff: boolean | undefined;
  allowed: readonly string[];
  writer: ScanReportWriter;
  tally: Tally;
}

/**
 * Scans one input chunk by chunk and writes its findings as they are
 * released; returns a note when some were left out of the report.
 */
async function scanInput(
  stream: ReadableStream<Uint8Array>,
  options: InputOptions,
  context: CliContext,
): Promise<string | undefined> {
  const allowed = new Set(options.allowed);
  let listed = 0;
  let unlisted = 0;
  const emit = async (findings: readonly ScanFinding[]) => {
    let text = "";
    for (const finding of findings) {
      options.tally[finding.status]++;
      if (listed < MAX_FINDINGS_PER_INPUT) {
        listed++;
        text += options.writer.finding(finding);
      } else unlisted++;
    }
    if (text.length > 0) await context.io.write(text);
  };
  let scanner: SecretScanner | DiffScanner | undefined = options.diff === undefined
    ? undefined
    : options.diff
    ? new DiffScanner({ allowed })
    : new SecretScanner({ source: options.source, allowed });
  let head = "";
  const decoded = stream.pipeThrough(new TextDecoderStream());
  for await (const chunk of decoded) {
    if (scanner === undefined) {
      head += chunk;
      if (head.length < 4096 && head.split("\n", 3).length < 3) continue;
      scanner = looksLikeDiff(head)
        ? new DiffScanner({ allowed })
        : new SecretScanner({ source: options.source, allowed });
      await emit(scanner.push(head));
      head = "";
      continue;
    }
    await emit(scanner.push(chunk));
  }
  if (scanner === undefined) {
    scanner = looksLikeDiff(head)
      ? new DiffScanner({ allowed })
      : new SecretScanner({ source: options.source, allowed });
    await emit(scanner.push(head));
  }
  await emit(scanner.finish());
  if (unlisted === 0) return undefined;
  return `${options.source}: ${unlisted} more finding${
    unlisted === 1 ? "" : "s"
  } not listed (omn scan lists at most ${MAX_FINDINGS_PER_INPUT} per input)`;
}
