import { openrouterKey } from "../../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = openrouterKey("e2e");

providerContract({
  provider: "openrouter",
  secrets: [key],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: key, scenario, flavor: "openrouter" }),
  env: () => ({ OPENROUTER_API_KEY: key }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /sk-or-v1-\*\*\*/,
});
