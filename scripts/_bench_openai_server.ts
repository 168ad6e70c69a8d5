/**
 * A local OpenAI chat-completions server for the benchmarks: the test fake
 * with a canned streamed reply. Prints its base URL, then serves until killed.
 *
 * Usage: deno run --allow-net=127.0.0.1 scripts/_bench_openai_server.ts KEY
 *
 * @module
 */
import { startOpenAIChatFake } from "../tests/fakes/openai_chat_fake.ts";

const fake = await startOpenAIChatFake({ apiKey: Deno.args[0], flavor: "openai" });
console.log(fake.baseURL);
