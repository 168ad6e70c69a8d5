import { startOpenAIChatFake } from "../../fakes/openai_chat_fake.ts";
import { runInProcess } from "../_in_process.ts";
import { providerContract } from "./_provider_contract.ts";

const key = "gateway-CANARY-key-0123456789abcdef";

providerContract({
  provider: "mygateway",
  secrets: [key],
  startFake: (scenario) => startOpenAIChatFake({ apiKey: key, scenario, flavor: "compatible" }),
  env: () => ({ OMNIMANCER_MYGATEWAY_API_KEY: key }),
  args: () => ["--model", "local-model"],
  configure: async (workspace, fake) => {
    const result = await runInProcess(
      ["config", "set", "providers.mygateway.base_url", fake.baseURL],
      workspace,
    );
    if (result.code !== 0) throw new Error(result.stderr);
  },
});
