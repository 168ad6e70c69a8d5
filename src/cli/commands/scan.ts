/**
 * `omn scan [FILE…|-]`: report the secrets in files, stdin or a diff.
 *
 * @module
 */
import { Command, Option } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";

/** The parsed flags of `scan`. */
export interface ScanFlags {
  files: string[];
  format: "text" | "json" | "sarif";
  diff?: boolean;
  name?: string;
  allow?: string;
  baseline?: boolean;
}

async function defaultAction(flags: ScanFlags, context: CliContext): Promise<void> {
  const { registerStoredSecrets } = await import("../../credentials/register_stored_secrets.ts");
  await registerStoredSecrets(context);
  const { runScan } = await import("../../scan/run_scan.ts");
  await runScan(flags, context);
}

/** `scan` as the root's help lists it: its name, description and arguments. */
export function scanHead() {
  return new Command("scan")
    .description(
      "report secrets in files, stdin or a diff (path, line, column, masked value, fingerprint); exit 1 when a secret is found",
    )
    .argument("[files...]", 'files to scan; "-" or none for stdin');
}

/** Declares `scan`. */
export function scanCommand(
  context: CliContext,
  action: (flags: ScanFlags, context: CliContext) => Promise<void> = defaultAction,
) {
  return scanHead()
    .addOption(
      new Option("-f, --format <format>", "text, json or sarif (SARIF 2.1.0)")
        .choices(["text", "json", "sarif"] as const).default("text" as const),
    )
    .option(
      "--diff",
      "the input is a unified diff: scan only added lines, located in the new files (default: detected)",
    )
    .option("--no-diff", "scan the input as plain text even if it looks like a diff")
    .option("--name <path>", "the name stdin is given in reports")
    .option(
      "--allow <fingerprint>",
      "acknowledge a finding by its fingerprint (saved in the config)",
    )
    .option("--baseline", "print the acknowledged fingerprints as JSON")
    .addHelpText(
      "after",
      `
A finding is acknowledged by an "omn:allow" comment on its line or by its
fingerprint (--allow); documentation examples (AKIAIOSFODNN7EXAMPLE) are
reported as such. Neither counts toward exit 1.

Examples:
  git diff --cached | omn scan
  omn scan --format sarif --name build.log - < build.log > omn.sarif
  omn scan --allow fp:1a2b3c4d5e6f`,
    )
    .action(async (files, options) => {
      await action({
        files,
        format: options.format,
        diff: options.diff,
        name: options.name,
        allow: options.allow,
        baseline: options.baseline,
      }, context);
    });
}
