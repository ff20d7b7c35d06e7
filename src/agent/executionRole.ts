import type { ContainerDefinition, KeyValuePair } from '@aws-sdk/client-ecs'
import type { EcrAuth } from '../aws/ecrAuth.js'
import { ecrRegion, isEcrImage, registryOf } from '../aws/ecrRegistry.js'
import { loadEnvironmentFiles, mergeEnvironment } from '../aws/envFiles.js'
import type { ExecutionClients } from '../aws/executionClients.js'
import { repositoryCredentials } from '../aws/repositoryCredentials.js'
import { arnRegion } from '../aws/secretRef.js'
import { resolveSecrets } from '../aws/secrets.js'
import type { RegistryAuth } from '../model/credentials.js'

/**
 * The container's environment as ECS builds it: secrets, then `environment`, then environment files fill
 * what is still unset. Values are secrets in part: never logged.
 */
export async function containerEnvironment(
  def: ContainerDefinition,
  clients: ExecutionClients,
  region: string,
): Promise<KeyValuePair[]> {
  if (!def.secrets?.length && !def.environmentFiles?.length) return def.environment ?? []
  const secrets = def.secrets?.length ? await resolveSecrets(def.secrets, clients, region) : []
  const files = def.environmentFiles?.length ? await loadEnvironmentFiles(def.environmentFiles, clients.s3(region)) : []
  return mergeEnvironment(def.environment, files, secrets).map(({ name, value }) => ({ name, value }))
}

/** Registry credentials for a container's image: repositoryCredentials, ECR with the execution role, or none. */
export async function registryAuth(
  def: ContainerDefinition,
  ctx: {
    clients: ExecutionClients
    ecrAuth: EcrAuth
    ecrRegistries: readonly string[]
    region: string
    roleArn: string
  },
): Promise<RegistryAuth | undefined> {
  const image = def.image as string
  const parameter = def.repositoryCredentials?.credentialsParameter
  if (parameter) {
    const creds = await repositoryCredentials(parameter, ctx.clients.secretsManager(arnRegion(parameter) ?? ctx.region))
    return { ...creds, serveraddress: registryOf(image) }
  }
  if (!isEcrImage(image, ctx.ecrRegistries)) return undefined
  const host = registryOf(image)
  const region = ecrRegion(host) ?? ctx.region
  return ctx.ecrAuth.get(host, region, ctx.clients.ecr(region), ctx.roleArn)
}
