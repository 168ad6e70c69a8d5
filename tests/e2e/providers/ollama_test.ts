import { ollamaCase } from "./_provider_cases.ts";
import { providerContract } from "./_provider_contract.ts";

providerContract(ollamaCase);
