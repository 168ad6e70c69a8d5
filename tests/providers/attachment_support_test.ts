import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  assertAttachmentSupported,
  attachmentTypesOf,
} from "../../src/providers/attachment_support.ts";
import { PROVIDER_IDS } from "../../src/providers/registry.ts";

const IMAGES = ["image/png", "image/jpeg", "image/webp", "image/gif"];

Deno.test("every built-in provider has an attachment entry", () => {
  for (const id of PROVIDER_IDS) assert.ok(attachmentTypesOf(id).length > 0, id);
});

Deno.test("the providers' attachment types follow their APIs", () => {
  for (
    const id of ["openai", "azure", "anthropic", "bedrock", "mistral", "perplexity", "openrouter"]
  ) {
    assert.deepEqual([...attachmentTypesOf(id)].sort(), [...IMAGES, "application/pdf"].sort(), id);
  }
  for (const id of ["gemini", "vertex"]) {
    assert.ok(!attachmentTypesOf(id).includes("image/gif"), id);
    assert.ok(attachmentTypesOf(id).includes("application/pdf"), id);
  }
  assert.deepEqual(attachmentTypesOf("xai"), ["image/png", "image/jpeg"]);
  assert.deepEqual(attachmentTypesOf("ollama"), ["image/png", "image/jpeg"]);
  const config = { version: 1 as const, providers: { lab: { base_url: "http://127.0.0.1:9/v1" } } };
  assert.ok(attachmentTypesOf("lab", config).includes("application/pdf"));
  assert.deepEqual(attachmentTypesOf("lab"), []);
});

Deno.test("an unsupported type is a usage error naming the provider, the type and what it takes", () => {
  for (
    const [provider, model, type, pattern] of [
      [
        "xai",
        "grok-4",
        "application/pdf",
        /Cannot attach application\/pdf for xai: it takes image\/png, image\/jpeg/,
      ],
      ["gemini", undefined, "image/gif", /Cannot attach image\/gif for gemini: it takes/],
      ["ollama", "llava", "application/pdf", /for ollama/],
      [
        "xai",
        "grok-3-mini",
        "image/png",
        /for xai model "grok-3-mini": it reads text only; .*--model \(such as grok-4\)/,
      ],
      [
        "ollama",
        "llama3.2:latest",
        "image/png",
        /for ollama model .*: it reads text only/,
      ],
    ] as const
  ) {
    assert.throws(() => assertAttachmentSupported(provider, model, type), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, pattern);
      return true;
    });
  }
  assertAttachmentSupported("xai", "grok-4", "image/jpeg");
  assertAttachmentSupported("openai", "gpt-4o-mini", "application/pdf");
  assertAttachmentSupported("mock", "mock-1", "image/webp");
});

Deno.test("a model id that holds a secret is not quoted in the refusal", () => {
  const secret = "sk-proj-" + "A".repeat(40) + "T3BlbkFJ" + "B".repeat(40);
  assert.throws(
    () => assertAttachmentSupported("xai", secret, "application/pdf"),
    (error: unknown) => error instanceof UsageError && !error.message.includes(secret),
  );
});

Deno.test("the README's table of attachment types says what the code does", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.split("#### Images and PDFs")[1].split("\n####")[0];
  const rows = section.split("\n").filter((line) => /^\| (?!provider|-)/.test(line));
  const names: Record<string, string> = {
    PNG: "image/png",
    JPEG: "image/jpeg",
    WebP: "image/webp",
    GIF: "image/gif",
  };
  const custom = { version: 1 as const, providers: { lab: { base_url: "http://127.0.0.1:9/v1" } } };
  const covered = new Set<string>();
  for (const row of rows) {
    const [who, images, pdf] = row.split("|").slice(1, 4).map((cell) => cell.trim());
    const providers = who.startsWith("a custom")
      ? ["lab"]
      : who.replace(/\(.*\)/, "").split(",").map((name) => name.trim());
    const types = [
      ...images.split(",").map((name) => names[name.trim()]),
      ...(pdf === "yes" ? ["application/pdf"] : []),
    ];
    for (const provider of providers) {
      assert.deepEqual([...attachmentTypesOf(provider, custom)].sort(), types.sort(), provider);
      covered.add(provider);
    }
  }
  for (const id of PROVIDER_IDS) assert.ok(covered.has(id), `${id} is in the README's table`);
});
