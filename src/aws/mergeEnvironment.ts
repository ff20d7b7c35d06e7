import type { KeyValuePair } from '@aws-sdk/client-ecs'

export interface NamedValue {
  name: string
  value: string
}

/**
 * A container's final variables, with the agent's precedence: secrets over `environment` (PopulateSecrets
 * overwrites), `environment` over environment files (MergeEnvironmentVariablesFromEnvfiles only fills names not
 * yet set), files already merged earlier-file-first. Pure; order: environment's, then files', then secrets' new
 * names. An `environment` entry without a name is dropped; one without a value is the empty string.
 */
export function mergeEnvironment(
  environment: readonly KeyValuePair[] | undefined,
  fromFiles: readonly NamedValue[],
  secrets: readonly NamedValue[],
): NamedValue[] {
  const vars = new Map<string, string>()
  for (const kv of environment ?? []) if (kv.name) vars.set(kv.name, kv.value ?? '')
  for (const { name, value } of fromFiles) if (!vars.has(name)) vars.set(name, value)
  for (const { name, value } of secrets) vars.set(name, value)
  return [...vars].map(([name, value]) => ({ name, value }))
}
