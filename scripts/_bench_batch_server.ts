/**
 * A local OpenAI chat-completions server for the batch benchmark: answers
 * every request after a fixed delay. Prints its base URL, then serves until
 * killed.
 *
 * Usage: deno run --allow-net=127.0.0.1 scripts/_bench_batch_server.ts KEY DELAY_MS
 *
 * @module
 */
import { startOpenAIDelayFake } from "../tests/fakes/openai_delay_fake.ts";

const fake = await startOpenAIDelayFake({ apiKey: Deno.args[0], delayMs: Number(Deno.args[1]) });
console.log(fake.baseURL);
