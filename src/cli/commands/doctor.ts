/**
 * `omn doctor [--json] [--report]`.
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import type { DoctorOptions } from "../../doctor/run_doctor.ts";

async function defaultAction(flags: DoctorOptions, context: CliContext): Promise<void> {
  const { runDoctor } = await import("../../doctor/run_doctor.ts");
  await runDoctor(flags, context);
}

/** `doctor` as the root's help lists it: its name, description and arguments. */
export function doctorHead() {
  return new Command("doctor")
    .description(
      "run the security checklist (key sources and ages, file modes, endpoints, .gitignore, secrets in omn's files, audit alerts, permissions); exit 1 on any failure",
    );
}

/** Declares `doctor`. */
export function doctorCommand(
  context: CliContext,
  action: (flags: DoctorOptions, context: CliContext) => Promise<void> = defaultAction,
) {
  return doctorHead()
    .option("--json", "print JSON", false)
    .option(
      "--report",
      "write a redacted diagnostic report into the config directory (0600) and print its path",
      false,
    )
    .addHelpText(
      "after",
      `
Examples:
  omn doctor
  omn doctor --report      (attach the file it names to a bug report)`,
    )
    .action((options) => action({ json: options.json, report: options.report }, context));
}
