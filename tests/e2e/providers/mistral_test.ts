import { mistralKey } from "../../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = mistralKey("E2E");

providerContract({
  provider: "mistral",
  secrets: [key],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: key, scenario, flavor: "mistral" }),
  env: () => ({ MISTRAL_API_KEY: key }),
  args: (fake) => ["--base-url", fake.baseURL],
  contentFilterStop: false,
});
