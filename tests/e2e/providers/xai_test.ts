import { xaiKey } from "../../credentials/_canaries.ts";
import { startXaiResponsesFake } from "../../fakes/xai_responses_fake.ts";
import { providerContract } from "./_provider_contract.ts";

const key = xaiKey("E2E");

providerContract({
  provider: "xai",
  secrets: [key],
  startFake: (scenario) => startXaiResponsesFake({ apiKey: key, scenario }),
  env: () => ({ XAI_API_KEY: key }),
  args: (fake) => ["--base-url", `${fake.url}/v1`],
  maskedKey: /xai-\*\*\*/,
});
