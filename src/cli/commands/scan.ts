/**
 * `omn scan [FILE…|-]`: report the secrets in files or stdin.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** The parsed flags of `scan`. */
export interface ScanFlags {
  files: string[];
  format: "text" | "json" | "sarif";
}

async function defaultAction(flags: ScanFlags, context: CliContext): Promise<void> {
  const { runScan } = await import("../../security/run_scan.ts");
  await runScan(flags, context.io);
}

/** Declares `scan`. */
export function scanCommand(
  context: CliContext,
  action: (flags: ScanFlags, context: CliContext) => Promise<void> = defaultAction,
) {
  return new Command("scan")
    .description(
      "report secrets in files or stdin (kind, line, column, masked value, fingerprint); exit 1 when any is found",
    )
    .argument("[files...]", 'files to scan; "-" or none for stdin')
    .addOption(
      new Option("-f, --format <format>", "text, json or sarif (SARIF 2.1.0)")
        .choices(["text", "json", "sarif"] as const).default("text" as const),
    )
    .addHelpText(
      "after",
      `
Examples:
  git diff --cached | omn scan
  omn scan --format sarif - < build.log > omn.sarif`,
    )
    .action(async (files, options) => {
      await action({ files, format: options.format }, context);
    });
}
