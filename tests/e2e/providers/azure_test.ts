import { azureNewKey } from "../../credentials/_canaries.ts";
import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { runInProcess } from "../_in_process.ts";
import { providerContract } from "./_provider_contract.ts";

const key = azureNewKey("E2E");

providerContract({
  provider: "azure",
  secrets: [key],
  startFake: (scenario) =>
    startOpenAIChatFake({
      apiKey: key,
      scenario,
      flavor: "azure",
      deployment: "chat-prod",
      apiVersion: "2024-10-21",
    }),
  env: () => ({ AZURE_OPENAI_API_KEY: key }),
  args: () => [],
  configure: async (workspace, fake) => {
    for (
      const [name, value] of [
        ["providers.azure.base_url", fake.deploymentBaseURL!],
        ["providers.azure.deployment", "chat-prod"],
        ["providers.azure.api_version", "2024-10-21"],
      ]
    ) {
      const result = await runInProcess(["config", "set", name, value], workspace);
      if (result.code !== 0) throw new Error(result.stderr);
    }
  },
});
