/**
 * How each network provider is set up for the contract (`providerContract`,
 * ./_provider_contract.ts): its fake, its credentials and how omn is pointed
 * at the fake. Each provider's test file runs the contract on its case; the
 * bundle test (./every_provider_in_the_bundle_test.ts) runs all of them in
 * one `omn batch` under the release permission set.
 *
 * @module
 */
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
} from "../../credentials/_canaries.ts";
import { type AnthropicFake, startAnthropicFake } from "../../fakes/anthropic_fake.ts";
import { type BedrockFake, startBedrockFake } from "../../fakes/bedrock_fake.ts";
import { type GeminiFake, startGeminiFake } from "../../fakes/gemini_fake.ts";
import { type OpenAIChatFake, startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import {
  createTestServiceAccount,
  type TestServiceAccount,
} from "../../fakes/_test_service_account.ts";
import { startVertexFake, type VertexFake } from "../../fakes/vertex_fake.ts";
import { startXaiResponsesFake } from "../../fakes/xai_responses_fake.ts";
import type { FakeServer } from "../../fakes/_fake_server.ts";
import type { Workspace } from "../_workspace.ts";
import type { ProviderCase } from "./_provider_contract.ts";

/**
 * Sets provider settings in the workspace's config file, merged into what it holds, the
 * file 0600 in a 0700 directory as omn writes it: the contract's tests set up a provider
 * before each run, and `omn config set` (tested on its own) would add a run, a backup and
 * two disk syncs per setting.
 */
export async function setProviderSettings(
  workspace: Workspace,
  provider: string,
  settings: Record<string, string>,
): Promise<void> {
  const path = `${workspace.home}/config.json`;
  await Deno.mkdir(workspace.home, { recursive: true, mode: 0o700 });
  const config = await Deno.readTextFile(path).then(JSON.parse, (error) => {
    if (error instanceof Deno.errors.NotFound) return { version: 1 };
    throw error;
  });
  config.providers = {
    ...config.providers,
    [provider]: { ...config.providers?.[provider], ...settings },
  };
  await Deno.writeTextFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

const anthropic = anthropicKey("E2E");

/** Anthropic's Messages API. */
export const anthropicCase: ProviderCase<AnthropicFake> = {
  provider: "anthropic",
  secrets: [anthropic],
  startFake: (scenario) => startAnthropicFake({ apiKey: anthropic, scenario }),
  env: () => ({ CLAUDE_API_KEY: anthropic }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /sk-ant-\*\*\*/,
};

const azure = azureNewKey("E2E");

/** Azure OpenAI: a deployment, its API version and a resource endpoint, from the config. */
export const azureCase: ProviderCase<OpenAIChatFake> = {
  provider: "azure",
  secrets: [azure],
  startFake: (scenario) =>
    startOpenAIChatFake({
      apiKey: azure,
      scenario,
      flavor: "azure",
      deployment: "chat-prod",
      apiVersion: "2024-10-21",
    }),
  env: () => ({ AZURE_OPENAI_API_KEY: azure }),
  args: () => [],
  configure: (workspace, fake) =>
    setProviderSettings(workspace, "azure", {
      base_url: fake.deploymentBaseURL!,
      deployment: "chat-prod",
      api_version: "2024-10-21",
    }),
};

/** The AWS credentials and region of the Bedrock case. */
export const BEDROCK = {
  accessKeyId: awsAccessKeyId("E2E"),
  secretAccessKey: awsSecretAccessKey("E2E"),
  region: "eu-west-1",
} as const;

/** Bedrock's Converse stream, signed with SigV4. */
export const bedrockCase: ProviderCase<BedrockFake> = {
  provider: "bedrock",
  secrets: [BEDROCK.secretAccessKey, BEDROCK.accessKeyId],
  startFake: (scenario) => startBedrockFake({ ...BEDROCK, scenario }),
  env: () => ({
    AWS_ACCESS_KEY_ID: BEDROCK.accessKeyId,
    AWS_SECRET_ACCESS_KEY: BEDROCK.secretAccessKey,
    AWS_REGION: BEDROCK.region,
  }),
  args: (fake) => ["--base-url", fake.baseURL],
  streamQuotaError: false,
};

const gateway = "gateway-CANARY-key-0123456789abcdef";

/** An OpenAI-compatible gateway the user names in the config (`mygateway`). */
export const compatibleCase: ProviderCase<OpenAIChatFake> = {
  provider: "mygateway",
  secrets: [gateway],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: gateway, scenario, flavor: "compatible" }),
  env: () => ({ OMNIMANCER_MYGATEWAY_API_KEY: gateway }),
  args: () => ["--model", "local-model"],
  configure: (workspace, fake) =>
    setProviderSettings(workspace, "mygateway", { base_url: fake.baseURL }),
};

/** The key of the Gemini case (its own tests also send it as `GOOGLE_API_KEY`). */
export const GEMINI_KEY = geminiKey("E2E");

/** Gemini's generateContent stream. */
export const geminiCase: ProviderCase<GeminiFake> = {
  provider: "gemini",
  secrets: [GEMINI_KEY],
  startFake: (scenario) => startGeminiFake({ apiKey: GEMINI_KEY, scenario }),
  env: () => ({ GEMINI_API_KEY: GEMINI_KEY }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /AIza\*\*\*/,
};

const mistral = mistralKey("E2E");

/** Mistral's chat completions (no content-filter stop). */
export const mistralCase: ProviderCase<OpenAIChatFake> = {
  provider: "mistral",
  secrets: [mistral],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: mistral, scenario, flavor: "mistral" }),
  env: () => ({ MISTRAL_API_KEY: mistral }),
  args: (fake) => ["--base-url", fake.baseURL],
  contentFilterStop: false,
};

/** Ollama's OpenAI-compatible endpoint, without a key. */
export const ollamaCase: ProviderCase<OpenAIChatFake> = {
  provider: "ollama",
  secrets: [],
  auth: false,
  startFake: (scenario) => startOpenAIChatFake({ apiKey: "", scenario, flavor: "ollama" }),
  env: () => ({}),
  args: (fake) => ["--base-url", fake.baseURL],
};

const openai = openaiProjectKey("E2E");

/** OpenAI's chat completions. */
export const openaiCase: ProviderCase<OpenAIChatFake> = {
  provider: "openai",
  secrets: [openai],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: openai, scenario, flavor: "openai" }),
  env: () => ({ OPENAI_API_KEY: openai }),
  args: (fake) => ["--base-url", fake.baseURL, "--model", "gpt-4o-mini"],
  maskedKey: /sk-proj-\*\*\*/,
};

const openrouter = openrouterKey("e2e");

/** OpenRouter's chat completions. */
export const openrouterCase: ProviderCase<OpenAIChatFake> = {
  provider: "openrouter",
  secrets: [openrouter],
  startFake: (scenario) =>
    startOpenAIChatFake({ apiKey: openrouter, scenario, flavor: "openrouter" }),
  env: () => ({ OPENROUTER_API_KEY: openrouter }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /sk-or-v1-\*\*\*/,
};

const perplexity = perplexityKey("E2E");

/** Perplexity's chat completions (no content-filter stop). */
export const perplexityCase: ProviderCase<OpenAIChatFake> = {
  provider: "perplexity",
  secrets: [perplexity],
  startFake: (scenario) =>
    startOpenAIChatFake({ apiKey: perplexity, scenario, flavor: "perplexity" }),
  env: () => ({ PERPLEXITY_API_KEY: perplexity }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /pplx-\*\*\*/,
  contentFilterStop: false,
};

/** The Vertex case's project and location. */
export const VERTEX = { project: "omn-test-project", location: "europe-west4" } as const;

/** Sets the Vertex location, project and endpoint (the fake) in the workspace's config. */
export function configureVertex(workspace: Workspace, baseURL: string): Promise<void> {
  return setProviderSettings(workspace, "vertex", { ...VERTEX, base_url: baseURL });
}

let vertexAccount: Promise<TestServiceAccount> | undefined;

/**
 * The Vertex case and its service account (an RSA key made on first use, once
 * a process): the key signs the token exchange, whose body carries it.
 */
export async function vertexCase(): Promise<
  { account: TestServiceAccount; providerCase: ProviderCase<VertexFake> }
> {
  vertexAccount ??= createTestServiceAccount({ projectId: VERTEX.project });
  const account = await vertexAccount;
  return {
    account,
    providerCase: {
      provider: "vertex",
      secrets: account.privateKeyLines.slice(1, -1),
      startFake: (scenario) => startVertexFake({ serviceAccount: account, ...VERTEX, scenario }),
      env: (fake) => ({ OMNIMANCER_VERTEX_SERVICE_ACCOUNT: account.keyFileText(fake.tokenUrl) }),
      args: () => [],
      configure: (workspace, fake) => configureVertex(workspace, fake.baseURL),
      credentialInBody: true,
    },
  };
}

const xai = xaiKey("E2E");

/** xAI's Responses API. */
export const xaiCase: ProviderCase = {
  provider: "xai",
  secrets: [xai],
  startFake: (scenario) => startXaiResponsesFake({ apiKey: xai, scenario }),
  env: () => ({ XAI_API_KEY: xai }),
  args: (fake) => ["--base-url", `${fake.url}/v1`],
  maskedKey: /xai-\*\*\*/,
};

/** Every network provider's case. */
export async function everyProviderCase(): Promise<ProviderCase<FakeServer>[]> {
  const cases = [
    anthropicCase,
    azureCase,
    bedrockCase,
    compatibleCase,
    geminiCase,
    mistralCase,
    ollamaCase,
    openaiCase,
    openrouterCase,
    perplexityCase,
    (await vertexCase()).providerCase,
    xaiCase,
  ];
  // Each case's functions take its own fake, which is the fake its startFake returns.
  return cases as unknown as ProviderCase<FakeServer>[];
}
