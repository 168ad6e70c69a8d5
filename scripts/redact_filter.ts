/**
 * Standard input to standard output with every secret masked: the exact
 * pipeline of `omn redact` (`redactReader`), without the CLI around it, for
 * `scripts/bench_redact.sh`. Needs no permission.
 *
 * @module
 */
import { blockingSink, blockingSource, redactReader } from "../src/security/redact_reader.ts";

await redactReader(blockingSource(Deno.stdin), blockingSink(Deno.stdout));
