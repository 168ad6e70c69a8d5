import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { providerContract } from "./_provider_contract.ts";

providerContract({
  provider: "ollama",
  secrets: [],
  auth: false,
  startFake: (scenario) => startOpenAIChatFake({ apiKey: "", scenario, flavor: "ollama" }),
  env: () => ({}),
  args: (fake) => ["--base-url", fake.baseURL],
});
