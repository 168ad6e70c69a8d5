import { anthropicKey } from "../../credentials/_canaries.ts";
import { startAnthropicFake } from "../../fakes/anthropic_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = anthropicKey("E2E");

providerContract({
  provider: "anthropic",
  secrets: [key],
  startFake: (scenario) => startAnthropicFake({ apiKey: key, scenario }),
  env: () => ({ CLAUDE_API_KEY: key }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /sk-ant-\*\*\*/,
});
