// The baseline of the ask benchmark: a bare script that makes the same streamed
// request with fetch and prints the text as it arrives.
const [baseUrl, key] = Deno.args;
const response = await fetch(`${baseUrl}/chat/completions`, {
  method: "POST",
  headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  body: JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  }),
});
const decoder = new TextDecoder();
let buffer = "";
for await (const chunk of response.body!) {
  buffer += decoder.decode(chunk, { stream: true });
  const events = buffer.split("\n\n");
  buffer = events.pop()!;
  for (const event of events) {
    const data = event.replace(/^data: /, "");
    if (data === "[DONE]") continue;
    const text = JSON.parse(data).choices[0]?.delta?.content;
    if (text) await Deno.stdout.write(new TextEncoder().encode(text));
  }
}
console.log();
