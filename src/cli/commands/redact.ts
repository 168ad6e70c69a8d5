/**
 * `omn redact`: standard input to standard output with every secret masked,
 * streaming in constant memory: the patterns, the credentials of the
 * environment, and the keys omn stores (`register_stored_secrets.ts`).
 *
 * @module
 */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";

async function defaultAction(context: CliContext): Promise<void> {
  const { registerStoredSecrets } = await import("../../credentials/register_stored_secrets.ts");
  await registerStoredSecrets(context);
  const { redactStream } = await import("../../security/redact_pipe.ts");
  await redactStream(context.io.stdin, context.io.rawStdout);
}

/** `redact` as the root's help lists it: its name, description and arguments. */
export function redactHead() {
  return new Command("redact")
    .description("copy stdin to stdout with every secret masked (streaming, constant memory)");
}

/** Declares `redact`. */
export function redactCommand(
  context: CliContext,
  action: (context: CliContext) => Promise<void> = defaultAction,
) {
  return redactHead()
    .addHelpText(
      "after",
      `
Examples:
  omn redact < app.log > app.redacted.log
  tail -n 100 app.log | omn redact`,
    )
    .allowExcessArguments()
    .action(async (_options, command) => {
      if (command.args.length > 0) {
        throw new UsageError(
          "Cannot redact a file named as an argument: omn redact reads stdin, omn redact < FILE > FILE.redacted",
        );
      }
      await action(context);
    });
}
