import { randomUUID } from 'node:crypto'
import type { ContainerDefinition, Tag, TaskDefinition, TaskOverride } from '@aws-sdk/client-ecs'
import { parseAwsLogsOptions } from '../logs/awslogsOptions.js'
import { parseTaskSize } from '../taskdef/taskSize.js'
import type { ContainerStatus } from '../model/status.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'
import { needsNamespaceHolder } from './namespaces.js'
import { accountOf, containerArn, containerLabels, dockerName, newTaskId, taskArn } from './naming.js'

export interface RecordSettings {
  region: string
  defaultAccount: string
  cluster: string
}

/** RunTask's per-run members the record keeps (the definition passed in already has the overrides applied). */
export interface RunMembers {
  overrides?: TaskOverride
  startedBy?: string
  group?: string
  tags?: Tag[]
  /** Decided by taskdef's launchTypeOf; a record made without it derives it the same way. */
  launchType?: 'EC2' | 'FARGATE'
}

/**
 * The task's tags as RegisterTaskDefinition input carries them (`tags: [{key, value}]`), key -> value. Entries
 * without a string key are skipped: validation is the loader's, and a tag ECS would refuse is not worth a failure.
 */
function tagsOf(def: TaskDefinition): Record<string, string> {
  const tags = (def as { tags?: unknown }).tags
  if (!Array.isArray(tags)) return {}
  const out: Record<string, string> = {}
  for (const t of tags as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof t?.key === 'string') out[t.key] = typeof t.value === 'string' ? t.value : ''
  }
  return out
}

/**
 * The log options the agent hands on (TMDE LogOptions): ECS computes awslogs-stream from the prefix and passes
 * that instead. Options the start will refuse are shown as given (the task fails before anyone asks).
 */
function logOptions(def: ContainerDefinition, taskId: string, region: string, launchType: 'FARGATE' | 'EC2') {
  const config = def.logConfiguration
  if (!config?.options) return undefined
  if (config.logDriver !== 'awslogs' || !config.options['awslogs-stream-prefix']) return { ...config.options }
  try {
    const ctx = { containerName: def.name as string, taskId, region, launchType }
    const { stream } = parseAwsLogsOptions(config.options, ctx)
    const { 'awslogs-stream-prefix': _prefix, ...rest } = config.options
    return { ...rest, 'awslogs-stream': stream as string }
  } catch {
    return { ...config.options }
  }
}

const steadyStatus = (type: ContainerRecord['type']): ContainerStatus =>
  type === 'CNI_PAUSE' ? 'RESOURCES_PROVISIONED' : 'RUNNING'

/**
 * The task's one pause container, if it needs one: in awsvpc the network namespace's (it holds the shared PID and
 * IPC namespaces too), else the namespace holder of pidMode/ipcMode task. Named as the agent names them; Docker
 * names cannot hold '~', so its Docker name drops them. Not essential (the agent marks its namespace pause
 * essential): it never exits by itself, and should it be killed, the processes of a shared PID namespace die with
 * it, so the task's essential containers stop the task anyway.
 */
function pauseContainer(
  networkMode: string,
  def: TaskDefinition,
  make: (name: string, image: string, type: ContainerRecord['type'], essential: boolean) => ContainerRecord,
): ContainerRecord | undefined {
  if (networkMode === 'awsvpc') return make('~internal~ecs~pause', '', 'CNI_PAUSE', false)
  if (needsNamespaceHolder(def)) return make('~internal~ecs~pause~namespace', '', 'NAMESPACE_PAUSE', false)
  return undefined
}

/** A new task's record, before anything exists in Docker (pure but for random ids). */
export function newTaskRecord(def: TaskDefinition, s: RecordSettings, run: RunMembers = {}): TaskRecord {
  const id = newTaskId()
  const account = accountOf([def.taskRoleArn, def.executionRoleArn], s.defaultAccount)
  const arn = taskArn(s.region, account, s.cluster, id)
  const family = def.family as string
  const revision = def.revision ?? 1
  // Validation fills networkMode in (bridge, ECS's default); a FARGATE task is awsvpc by then.
  const networkMode = def.networkMode ?? 'bridge'
  const launchType = run.launchType ?? (def.requiresCompatibilities?.includes('FARGATE') ? 'FARGATE' : 'EC2')
  const base = { arn, family, revision, cluster: s.cluster }
  const container = (name: string, image: string, type: ContainerRecord['type'], essential: boolean) => ({
    name,
    endpointId: randomUUID(),
    type,
    dockerName: dockerName(family, revision, name.replace(/~/g, '')),
    image,
    labels: containerLabels(base, name),
    // The pause container's steady state is RESOURCES_PROVISIONED (its network set up), the others' RUNNING.
    desiredStatus: steadyStatus(type),
    knownStatus: 'NONE' as const,
    steadyStatus: steadyStatus(type),
    networks: [],
    limits: {},
    essential,
  })
  const containers: ContainerRecord[] = (def.containerDefinitions ?? []).map((c) => ({
    ...container(c.name as string, c.image as string, 'NORMAL', c.essential ?? true),
    arn: containerArn(s.region, account, s.cluster, id, randomUUID()),
    definition: c,
    logOptions: logOptions(c, id, s.region, launchType),
    labels: containerLabels(base, c.name as string, c.dockerLabels),
    limits: { cpu: c.cpu, memory: c.memory },
  }))
  return {
    arn,
    id,
    cluster: s.cluster,
    family,
    revision,
    launchType,
    availabilityZone: `${s.region}a`,
    networkMode,
    definition: def,
    overrides: run.overrides,
    startedBy: run.startedBy,
    group: run.group ?? `family:${family}`,
    taskRoleArn: def.taskRoleArn,
    executionRoleArn: def.executionRoleArn,
    credentialsId: def.taskRoleArn ? randomUUID() : undefined,
    desiredStatus: 'RUNNING',
    knownStatus: 'NONE',
    // The definition's tags are the task's, as with RunTask's propagateTags TASK_DEFINITION; RunTask's own
    // tags are added on top, winning on the same key.
    tags: { ...tagsOf(def), ...Object.fromEntries((run.tags ?? []).map((t) => [t.key as string, t.value ?? ''])) },
    limits: { cpu: parseTaskSize(def.cpu), memory: parseTaskSize(def.memory) },
    pause: pauseContainer(networkMode, def, container),
    containers,
  }
}
