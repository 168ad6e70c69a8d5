/**
 * Azure OpenAI, through `@ai-sdk/azure`, with deployment-based URLs
 * (`{endpoint}/deployments/{deployment}/chat/completions?api-version=…`) and
 * the key in the `api-key` header.
 *
 * @module
 */
import { createAzure } from "@ai-sdk/azure";
import { RefusalError } from "../core/errors.ts";
import { type CreateLanguageModel, credential } from "./provider_setup.ts";
import { quoteName } from "../security/quote_input.ts";

const RESOURCE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Checks Azure's required settings before any request: `api_version`, and
 * a resource name that is one DNS label (or a base URL).
 */
export function azureEndpoint(
  entry: { resource?: string; api_version?: string } | undefined,
  baseUrl?: string,
): {
  baseUrl: string;
  apiVersion: string;
} {
  const apiVersion = entry?.api_version;
  if (!apiVersion) {
    throw new RefusalError(
      "Azure OpenAI needs an API version: omn config set providers.azure.api_version 2024-10-21",
    );
  }
  if (baseUrl) return { baseUrl, apiVersion };
  const resource = entry?.resource;
  if (!resource) {
    throw new RefusalError(
      "Azure OpenAI needs a resource or an endpoint: omn config set providers.azure.resource NAME (or providers.azure.base_url)",
    );
  }
  if (!RESOURCE.test(resource)) {
    throw new RefusalError(
      `Invalid Azure resource ${
        quoteName(resource)
      }: expected one DNS label (letters, digits and "-"), as in https://NAME.openai.azure.com`,
    );
  }
  return { baseUrl: `https://${resource}.openai.azure.com/openai`, apiVersion };
}

/** Creates an Azure OpenAI chat model; the deployment is `providers.azure.deployment`, else the model id. */
export const createAzureModel: CreateLanguageModel = (setup) => {
  const { baseUrl, apiVersion } = azureEndpoint(setup.entry, setup.baseUrl);
  return createAzure({
    apiKey: credential(setup, "api_key"),
    baseURL: baseUrl,
    apiVersion,
    useDeploymentBasedUrls: true,
    fetch: setup.fetch,
  }).chat(setup.entry?.deployment ?? setup.modelId);
};
