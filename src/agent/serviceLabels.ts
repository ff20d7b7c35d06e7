import { SERVICE_LABELS } from '../model/labels.js'

/** What a labelled container asks for: its roles, and how it is named and tagged as a one-container task. */
export interface ServiceRequest {
  family: string
  /** The container's name in the task (compose's service name when there is one). */
  containerName: string
  taskRoleArn: string
  executionRoleArn?: string
  tags: Record<string, string>
}

/** IAM role ARNs as STS accepts them: any partition ecs-local serves, a 12-digit account, a path and a name. */
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
/** ECS family names: letters, digits, hyphens and underscores, up to 255. */
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/
const COMPOSE_SERVICE = 'com.docker.compose.service'

/** A name ECS would accept as a family, made from a compose service or container name. */
const asFamily = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255) || 'service'

/**
 * Reads the labels of a container ecs-local did not start. Returns undefined when it carries no task-role label
 * (not ours to serve), a reason naming the label when a label is malformed, else the request.
 */
export function readServiceLabels(
  labels: Record<string, string>,
  containerName: string,
): ServiceRequest | { error: string } | undefined {
  const taskRoleArn = labels[SERVICE_LABELS.taskRoleArn]
  if (taskRoleArn === undefined) return undefined
  if (!ROLE_ARN.test(taskRoleArn)) {
    return { error: `${SERVICE_LABELS.taskRoleArn} must be an IAM role ARN (arn:aws:iam::123456789012:role/name)` }
  }
  const executionRoleArn = labels[SERVICE_LABELS.executionRoleArn]
  if (executionRoleArn !== undefined && !ROLE_ARN.test(executionRoleArn)) {
    return { error: `${SERVICE_LABELS.executionRoleArn} must be an IAM role ARN` }
  }
  const family = labels[SERVICE_LABELS.family]
  if (family !== undefined && !FAMILY.test(family)) {
    return { error: `${SERVICE_LABELS.family} must be 1-255 letters, digits, hyphens or underscores` }
  }
  const tags = parseTags(labels[SERVICE_LABELS.tags])
  if ('error' in tags) return tags
  const service = labels[COMPOSE_SERVICE] ?? containerName
  return {
    family: family ?? asFamily(service),
    containerName: service,
    taskRoleArn,
    ...(executionRoleArn !== undefined && { executionRoleArn }),
    tags: tags.tags,
  }
}

/** `k=v,k=v`; a value may be empty (`k=`), a key may not, and a part without `=` is a mistake worth naming. */
function parseTags(text: string | undefined): { tags: Record<string, string> } | { error: string } {
  const tags: Record<string, string> = {}
  if (text === undefined || text.trim() === '') return { tags }
  for (const part of text.split(',')) {
    const i = part.indexOf('=')
    const key = i < 0 ? '' : part.slice(0, i).trim()
    if (!key) return { error: `${SERVICE_LABELS.tags}: "${part.trim()}" is not key=value` }
    tags[key] = part.slice(i + 1).trim()
  }
  return { tags }
}
