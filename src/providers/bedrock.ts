/**
 * AWS Bedrock, through `@ai-sdk/amazon-bedrock` (Converse and
 * ConverseStream): SigV4 with an access key pair (and session token), or a
 * Bedrock API key. The region is required and checked before any request;
 * the endpoint is always passed explicitly, so the package never looks for
 * one in the environment.
 *
 * @module
 */
import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { RefusalError } from "../core/errors.ts";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";
import { quoteName } from "../security/quote_input.ts";

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;

/** The runtime endpoint of a region, after checking the region's shape. */
export function bedrockEndpoint(region: string | undefined): string {
  if (!region) {
    throw new RefusalError(
      "AWS Bedrock needs a region: set AWS_REGION or omn config set providers.bedrock.region us-east-1",
    );
  }
  if (!REGION.test(region)) {
    throw new RefusalError(
      `Invalid AWS region ${quoteName(region)}: expected a region such as us-east-1`,
    );
  }
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

/** Creates a Bedrock Converse model. */
export const createBedrockModel: CreateLanguageModel = (setup) => {
  const region = credential(setup, "region") ?? setup.entry?.region;
  const endpoint = bedrockEndpoint(region);
  const apiKey = credential(setup, "api_key");
  return createAmazonBedrock({
    region,
    baseURL: setup.baseUrl ?? endpoint,
    apiKey: apiKey ?? "",
    accessKeyId: apiKey ? undefined : credential(setup, "access_key_id"),
    secretAccessKey: apiKey ? undefined : credential(setup, "secret_access_key"),
    sessionToken: apiKey ? undefined : credential(setup, "session_token"),
    fetch: setup.fetch,
  }).languageModel(setup.modelId);
};
