import { randomBytes } from 'node:crypto'

/** Docker name as the agent makes it: ecs-<family>-<rev>-<name>-<randhex>. */
export function dockerName(family: string, revision: number, container: string): string {
  return `ecs-${family}-${revision}-${container}-${randomBytes(10).toString('hex')}`
}

/** ECS task ids are 32 lowercase hex characters. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex')
}

export function taskArn(region: string, account: string, cluster: string, taskId: string): string {
  return `arn:aws:ecs:${region}:${account}:task/${cluster}/${taskId}`
}

/**
 * ECS's container ARN in the long format it issues with task ARNs that name the cluster:
 * `container/<cluster>/<task-id>/<container uuid>` (the short `container/<uuid>` predates it).
 */
export function containerArn(region: string, account: string, cluster: string, taskId: string, uuid: string): string {
  return `arn:aws:ecs:${region}:${account}:container/${cluster}/${taskId}/${uuid}`
}

/** The account a task lives in: its roles' account, else the local default. */
export function accountOf(roleArns: Array<string | undefined>, fallback: string): string {
  for (const arn of roleArns) {
    const account = arn?.split(':')[4]
    if (account && /^\d{12}$/.test(account)) return account
  }
  return fallback
}

export const LABELS = {
  taskArn: 'com.amazonaws.ecs.task-arn',
  containerName: 'com.amazonaws.ecs.container-name',
  family: 'com.amazonaws.ecs.task-definition-family',
  version: 'com.amazonaws.ecs.task-definition-version',
  cluster: 'com.amazonaws.ecs.cluster',
} as const

export function containerLabels(
  task: { arn: string; family: string; revision: number; cluster: string },
  name: string,
  own: Record<string, string> = {},
): Record<string, string> {
  return {
    ...own,
    [LABELS.taskArn]: task.arn,
    [LABELS.containerName]: name,
    [LABELS.family]: task.family,
    [LABELS.version]: String(task.revision),
    [LABELS.cluster]: task.cluster,
    'ecs-local': 'true',
  }
}
