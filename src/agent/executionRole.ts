import type { ContainerDefinition, KeyValuePair, TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcrAuth, EcrSender, RegistryAuth } from '../aws/ecrAuth.js'
import { ecrRegion, isEcrImage, registryOf } from '../aws/ecrRegistry.js'
import { loadEnvironmentFiles, mergeEnvironment, type S3Sender } from '../aws/envFiles.js'
import { repositoryCredentials, type SecretsManagerSender } from '../aws/repositoryCredentials.js'
import { arnRegion } from '../aws/secretRef.js'
import { resolveSecrets, type SsmSender } from '../aws/secrets.js'
import type { LogsSender } from '../logs/logStreamWriter.js'

/** SDK clients signed with one task's execution role, per region: the only callers of these services. */
export interface ExecutionClients {
  ecr(region: string): EcrSender
  secretsManager(region: string): SecretsManagerSender
  ssm(region: string): SsmSender
  s3(region: string): S3Sender
  logs(region: string, endpoint?: string): LogsSender
}

/** What in a task needs the execution role, in words for the refusal message; empty when nothing does. */
export function executionRoleNeeds(def: TaskDefinition, ecrRegistries: readonly string[]): string[] {
  const needs: string[] = []
  for (const c of def.containerDefinitions ?? []) {
    const at = `container ${c.name}`
    if (c.image && isEcrImage(c.image, ecrRegistries)) needs.push(`${at}: ECR image ${c.image}`)
    if (c.repositoryCredentials?.credentialsParameter) needs.push(`${at}: repositoryCredentials`)
    if (c.secrets?.length) needs.push(`${at}: secrets`)
    if (c.environmentFiles?.length) needs.push(`${at}: environmentFiles`)
    if (c.logConfiguration?.logDriver === 'awslogs') needs.push(`${at}: the awslogs log driver`)
    if (c.logConfiguration?.secretOptions?.length) needs.push(`${at}: logConfiguration.secretOptions`)
  }
  return needs
}

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
): Promise<RegistryAuth | { username: string; password: string; serveraddress: string } | undefined> {
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
