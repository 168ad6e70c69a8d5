/**
 * `ask --attach-type` against the local fake of every provider that takes
 * files: the image (and the PDF, where the provider takes PDFs) reaches the
 * fake in that provider's own wire format with the prompt beside it, and the
 * fake fails if a byte differs (tests/fakes/attachment_check.ts).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  anthropicKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  azureNewKey,
  geminiKey,
  mistralKey,
  openaiProjectKey,
  openrouterKey,
  perplexityKey,
  xaiKey,
} from "../credentials/_canaries.ts";
import { type FakeServer, FakeVerificationError } from "../fakes/_fake_server.ts";
import { startAnthropicFake } from "../fakes/anthropic_fake.ts";
import { type AttachmentWire, expectAttachment } from "../fakes/attachment_check.ts";
import { startBedrockFake } from "../fakes/bedrock_fake.ts";
import { startGeminiFake } from "../fakes/gemini_fake.ts";
import { startOpenAIChatFake } from "../fakes/openai_chat_fake.ts";
import { createTestServiceAccount } from "../fakes/_test_service_account.ts";
import { startVertexFake } from "../fakes/vertex_fake.ts";
import { startXaiResponsesFake } from "../fakes/xai_responses_fake.ts";
import { runInProcess } from "../e2e/_in_process.ts";
import { tempWorkspace, type Workspace } from "../e2e/_workspace.ts";

/** A PNG signature and header, then every byte value (a base64 or text mangling shows). */
export const PNG_BYTES = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 256 }, (_, index) => index),
]);
/** A PDF header, then every byte value. */
export const PDF_BYTES = new Uint8Array([
  ...new TextEncoder().encode("%PDF-1.7\n"),
  ...Array.from({ length: 256 }, (_, index) => 255 - index),
]);

const PROMPT = "describe this";

interface AttachCase {
  provider: string;
  wire: AttachmentWire;
  pdf: boolean;
  start: () => Promise<FakeServer & { baseURL?: string }>;
  env: (fake: FakeServer) => Record<string, string>;
  args: (fake: FakeServer & { baseURL?: string }) => string[];
  config?: (fake: FakeServer & { baseURL?: string }) => [string, string][];
}

const region = "eu-west-1";
const accessKeyId = awsAccessKeyId("ATT");
const secretAccessKey = awsSecretAccessKey("ATT");
const account = await createTestServiceAccount({ projectId: "omn-attach-project" });

const CASES: AttachCase[] = [
  {
    provider: "openai",
    wire: "openai-chat",
    pdf: true,
    start: () => startOpenAIChatFake({ apiKey: openaiProjectKey("ATT") }),
    env: () => ({ OPENAI_API_KEY: openaiProjectKey("ATT") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "azure",
    wire: "openai-chat",
    pdf: true,
    start: () =>
      startOpenAIChatFake({
        apiKey: azureNewKey("ATT"),
        flavor: "azure",
        deployment: "vision",
        apiVersion: "2024-10-21",
      }),
    env: () => ({ AZURE_OPENAI_API_KEY: azureNewKey("ATT") }),
    args: () => [],
    config: (fake) => [
      ["providers.azure.base_url", `${fake.url}/openai`],
      ["providers.azure.deployment", "vision"],
      ["providers.azure.api_version", "2024-10-21"],
    ],
  },
  {
    provider: "anthropic",
    wire: "anthropic",
    pdf: true,
    start: () => startAnthropicFake({ apiKey: anthropicKey("ATT") }),
    env: () => ({ ANTHROPIC_API_KEY: anthropicKey("ATT") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "gemini",
    wire: "gemini",
    pdf: true,
    start: () => startGeminiFake({ apiKey: geminiKey("ATT") }),
    env: () => ({ GEMINI_API_KEY: geminiKey("ATT") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "vertex",
    wire: "gemini",
    pdf: true,
    start: () =>
      startVertexFake({
        serviceAccount: account,
        project: account.projectId,
        location: "europe-west4",
      }),
    env: (fake) => ({
      OMNIMANCER_VERTEX_SERVICE_ACCOUNT: account.keyFileText(
        (fake as unknown as { tokenUrl: string }).tokenUrl,
      ),
    }),
    args: () => [],
    config: (fake) => [
      ["providers.vertex.location", "europe-west4"],
      ["providers.vertex.project", account.projectId],
      ["providers.vertex.base_url", fake.baseURL!],
    ],
  },
  {
    provider: "bedrock",
    wire: "bedrock",
    pdf: true,
    start: () => startBedrockFake({ accessKeyId, secretAccessKey, region }),
    env: () => ({
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: region,
    }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "mistral",
    wire: "mistral",
    pdf: true,
    start: () => startOpenAIChatFake({ apiKey: mistralKey("ATT"), flavor: "mistral" }),
    env: () => ({ MISTRAL_API_KEY: mistralKey("ATT") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "xai",
    wire: "xai-responses",
    pdf: false,
    start: () => startXaiResponsesFake({ apiKey: xaiKey("ATT") }),
    env: () => ({ XAI_API_KEY: xaiKey("ATT") }),
    args: (fake) => ["--base-url", `${fake.url}/v1`, "--model", "grok-4"],
  },
  {
    provider: "perplexity",
    wire: "perplexity",
    pdf: true,
    start: () => startOpenAIChatFake({ apiKey: perplexityKey("ATT"), flavor: "perplexity" }),
    env: () => ({ PERPLEXITY_API_KEY: perplexityKey("ATT") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "openrouter",
    wire: "openai-chat",
    pdf: true,
    start: () => startOpenAIChatFake({ apiKey: openrouterKey("a77"), flavor: "openrouter" }),
    env: () => ({ OPENROUTER_API_KEY: openrouterKey("a77") }),
    args: (fake) => ["--base-url", fake.baseURL!],
  },
  {
    provider: "ollama",
    wire: "openai-chat",
    pdf: false,
    start: () => startOpenAIChatFake({ apiKey: "", flavor: "ollama" }),
    env: () => ({}),
    args: (fake) => ["--base-url", fake.baseURL!, "--model", "llava"],
  },
  {
    provider: "lab",
    wire: "openai-chat",
    pdf: true,
    start: () => startOpenAIChatFake({ apiKey: "", flavor: "compatible" }),
    env: () => ({}),
    args: () => ["--model", "local-model"],
    config: (fake) => [["providers.lab.base_url", fake.baseURL!]],
  },
];

async function configure(workspace: Workspace, settings: [string, string][]): Promise<void> {
  for (const [name, value] of settings) {
    const result = await runInProcess(["config", "set", name, value], workspace);
    if (result.code !== 0) throw new Error(result.stderr);
  }
}

async function attach(
  test: AttachCase,
  mediaType: string,
  bytes: Uint8Array,
  expected: Uint8Array = bytes,
): Promise<void> {
  await using workspace = await tempWorkspace();
  await using fake = await test.start();
  expectAttachment(fake, test.wire, { mediaType, bytes: expected, text: PROMPT });
  await configure(workspace, test.config?.(fake) ?? []);
  const result = await runInProcess(
    [
      "ask",
      "--provider",
      test.provider,
      ...test.args(fake),
      "--attach-type",
      mediaType,
      "-o",
      "json",
      PROMPT,
    ],
    { ...workspace, env: test.env(fake), stdin: bytes },
  );
  assert.equal(result.code, 0, result.stderr);
  const object = JSON.parse(result.stdout);
  assert.equal(object.attachment.type, mediaType);
  assert.equal(object.attachment.size, bytes.length);
  assert.deepEqual(fake.violations, []);
}

for (const test of CASES) {
  Deno.test(`${test.provider}: an image attachment arrives in the ${test.wire} wire format, byte for byte`, async () => {
    await attach(test, "image/png", PNG_BYTES);
  });
  if (test.pdf) {
    Deno.test(`${test.provider}: a PDF attachment arrives in the ${test.wire} wire format, byte for byte`, async () => {
      await attach(test, "application/pdf", PDF_BYTES);
    });
  }
}

Deno.test("the fake fails when the bytes it receives differ from the attachment", async () => {
  const altered = PNG_BYTES.slice();
  altered[100] ^= 1;
  await assert.rejects(
    () => attach(CASES[0], "image/png", PNG_BYTES, altered),
    (error: unknown) =>
      error instanceof FakeVerificationError && /the file's bytes differ/.test(error.message),
  );
});
