import { openaiProjectKey } from "../../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = openaiProjectKey("E2E");

providerContract({
  provider: "openai",
  secrets: [key],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: key, scenario, flavor: "openai" }),
  env: () => ({ OPENAI_API_KEY: key }),
  args: (fake) => ["--base-url", fake.baseURL, "--model", "gpt-4o-mini"],
  maskedKey: /sk-proj-\*\*\*/,
});
