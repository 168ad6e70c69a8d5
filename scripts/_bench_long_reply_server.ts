/**
 * A local OpenAI chat-completions server for the reply-memory benchmark: it
 * streams a reply of the given size (MiB) in 4 KiB deltas, generated as it
 * goes. Prints its base URL, then serves until killed.
 *
 * Usage: deno run --allow-net=127.0.0.1 scripts/_bench_long_reply_server.ts MEBIBYTES
 *
 * @module
 */
const total = Number(Deno.args[0] ?? "256") * 1024 * 1024;
const piece = "All work and no play makes a long reply. ".repeat(100).slice(0, 4096);
const encoder = new TextEncoder();
const event = (data: unknown) => encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  event({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 0,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(chunk({ role: "assistant", content: "" }));
      if (sent >= total) {
        controller.enqueue(chunk({}, "stop"));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
        return;
      }
      controller.enqueue(chunk({ content: piece }));
      sent += piece.length;
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
});
console.log(`http://127.0.0.1:${server.addr.port}/v1`);
