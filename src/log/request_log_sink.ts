/**
 * Where the per-request lines go: stderr with `-v` or `--log-level debug`,
 * and the log file when it takes debug records. Both redact what they write.
 *
 * @module
 */
import type { CliContext } from "../core/context.ts";
import type { RequestRecord } from "../net/request_log.ts";
import { loggerOf } from "./start_logging.ts";

/**
 * The sink of a run's request lines, or `undefined` when nobody would read
 * them; the module that formats them loads only then.
 */
export async function requestLogSink(
  context: CliContext,
): Promise<((record: RequestRecord) => void) | undefined> {
  const logger = loggerOf(context);
  const onStderr = context.io.settings.verbose;
  if (!onStderr && !logger.enabled("debug")) return undefined;
  const { formatRequestLine } = await import("../net/request_log.ts");
  return (record) => {
    const line = formatRequestLine(record);
    if (onStderr) context.io.message("debug", line);
    logger.debug(line, { ...record });
  };
}
