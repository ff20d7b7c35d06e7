import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { isEcrImage } from '../aws/ecrRegistry.js'

/**
 * What in a task needs the execution role, in words for the refusal message; empty when nothing does. Apart from
 * executionRole.ts, which loads the SDK clients that fetch these things: `doctor` asks the same question.
 */
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
