/**
 * Standard input to standard output with every secret masked: the exact
 * pipeline of `omn redact`, without the CLI around it, for
 * `scripts/bench_redact.sh`. Needs no permission.
 *
 * @module
 */
import { RedactStream } from "../src/security/redact_stream.ts";

await Deno.stdin.readable
  .pipeThrough(new TextDecoderStream())
  .pipeThrough(new RedactStream())
  .pipeThrough(new TextEncoderStream())
  .pipeTo(Deno.stdout.writable);
