import { perplexityKey } from "../../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = perplexityKey("E2E");

providerContract({
  provider: "perplexity",
  secrets: [key],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: key, scenario, flavor: "perplexity" }),
  env: () => ({ PERPLEXITY_API_KEY: key }),
  args: (fake) => ["--base-url", fake.baseURL],
  maskedKey: /pplx-\*\*\*/,
  contentFilterStop: false,
});
