import assert from "node:assert/strict";
import { startXaiResponsesFake } from "./xai_responses_fake.ts";
import { DEFAULT_REPLY } from "./_fake_server.ts";

const KEY = "xai-" + "CANARY".padEnd(80, "0");

Deno.test("the xAI Responses fake streams the reply with usage, and rejects a bad key with 400", async () => {
  await using fake = await startXaiResponsesFake({ apiKey: KEY });
  const body = JSON.stringify({
    model: "grok-3-mini",
    input: [{ role: "user", content: "hi" }],
    stream: true,
  });
  const response = await fetch(`${fake.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body,
  });
  const events = (await response.text()).split("\n").filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)));
  const text = events.filter((event) => event.type === "response.output_text.delta").map((event) =>
    event.delta
  ).join("");
  assert.equal(text, DEFAULT_REPLY);
  assert.ok(events.at(-1).response.usage.output_tokens > 0);
  const rejected = await fetch(`${fake.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: "Bearer xai-wrong", "content-type": "application/json" },
    body,
  });
  assert.equal(rejected.status, 400);
  assert.match((await rejected.json()).error, /Incorrect API key provided/);
  const malformed = await fetch(`${fake.url}/v1/responses`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "grok-3-mini", input: [] }),
  });
  assert.equal(malformed.status, 400);
  await malformed.body?.cancel();
  assert.equal(fake.violations.length, 1);
  fake.takeViolations();
});
