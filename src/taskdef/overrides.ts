import type {
  ContainerDefinition,
  ContainerOverride,
  KeyValuePair,
  ResourceRequirement,
  Tag,
  TaskDefinition,
  TaskOverride,
} from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'

/**
 * RunTask's per-run inputs, in the shape of `aws ecs run-task` (`--overrides`, `--started-by`, `--group`,
 * `--tags`). Pure: the CLI checks them before it connects, the daemon checks them again and applies them.
 */
export interface RunInputs {
  overrides?: TaskOverride
  startedBy?: string
  group?: string
  tags?: Tag[]
  /** RunTask's launchType; default: FARGATE when requiresCompatibilities lists it, else EC2. */
  launchType?: LocalLaunchType
}

/** The launch types a local task can stand in for (EXTERNAL and MANAGED_INSTANCES are ECS Anywhere and ECS MI). */
export type LocalLaunchType = 'EC2' | 'FARGATE'
const LAUNCH_TYPES: readonly LocalLaunchType[] = ['EC2', 'FARGATE']

/**
 * The task's launch type, as RunTask decides it: the one asked for, or FARGATE for a definition that requires
 * it, else EC2. A definition registered for Fargate is valid on EC2 too; the other way round it must say so.
 */
export function launchTypeOf(def: TaskDefinition, asked?: LocalLaunchType): LocalLaunchType {
  const compat = def.requiresCompatibilities ?? []
  const type = asked ?? (compat.includes('FARGATE') ? 'FARGATE' : 'EC2')
  if (type === 'FARGATE' && !compat.includes('FARGATE'))
    fail(
      `launchType FARGATE: the task definition does not support it (requiresCompatibilities ${JSON.stringify(compat)} does not list FARGATE)`,
    )
  if (type === 'FARGATE' && def.networkMode !== 'awsvpc')
    fail(`launchType FARGATE needs networkMode awsvpc, not ${def.networkMode ?? 'bridge'}`)
  return type
}

type Rec = Record<string, unknown>
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail(message: string): never {
  throw new ERRORS.ECSL_ERR_OVERRIDES_INVALID(message)
}

// The same pattern taskdef/validate.ts applies to the definition's roles.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
// RunTask's startedBy: "up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/), and
// underscores (_)" (ECS API reference).
const STARTED_BY = /^[A-Za-z0-9/_-]{1,128}$/
const GROUP_MAX = 255
const TAGS_MAX = 50

// Members of the SDK's shapes; anything else is a typo ECS's CLI would refuse too ("Unknown parameter").
const TASK_KEYS: ReadonlyArray<keyof TaskOverride> = [
  'containerOverrides',
  'cpu',
  'inferenceAcceleratorOverrides',
  'executionRoleArn',
  'memory',
  'taskRoleArn',
  'ephemeralStorage',
]
const CONTAINER_KEYS: ReadonlyArray<keyof ContainerOverride> = [
  'name',
  'command',
  'environment',
  'environmentFiles',
  'cpu',
  'memory',
  'memoryReservation',
  'resourceRequirements',
]
const RESOURCE_TYPES = ['GPU', 'InferenceAccelerator'] satisfies ResourceRequirement['type'][]

function unknownKeys(obj: Rec, known: readonly string[], path: string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k))
      fail(
        `${path}.${k} is not a member of ${path === 'overrides' ? 'TaskOverride' : 'ContainerOverride'} (members: ${known.join(', ')})`,
      )
  }
}

function stringList(v: unknown, path: string): void {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(`${path} must be an array of strings`)
}

function wholeNumber(v: unknown, path: string, min = 0): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${path} must be a whole number >= ${min}`)
}

function validateContainerOverride(c: unknown, path: string): void {
  if (!isRecord(c)) fail(`${path} must be an object`)
  unknownKeys(c, CONTAINER_KEYS, path)
  // ECS: "This parameter is required if any override is specified"; an empty {} is allowed and does nothing.
  if (c.name === undefined && Object.keys(c).length > 0) fail(`${path}.name is required`)
  if (c.name !== undefined && (typeof c.name !== 'string' || c.name === '')) fail(`${path}.name must be a string`)
  if (c.command !== undefined) stringList(c.command, `${path}.command`)
  if (c.environment !== undefined) {
    if (!Array.isArray(c.environment)) fail(`${path}.environment must be an array of {name, value}`)
    c.environment.forEach((e: unknown, i) => {
      if (!isRecord(e) || typeof e.name !== 'string' || e.name === '' || typeof e.value !== 'string') {
        fail(`${path}.environment[${i}] must be {"name": string, "value": string}`)
      }
    })
  }
  if (c.environmentFiles !== undefined) {
    if (!Array.isArray(c.environmentFiles)) fail(`${path}.environmentFiles must be an array of {value, type}`)
    c.environmentFiles.forEach((f: unknown, i) => {
      if (!isRecord(f) || typeof f.value !== 'string' || f.type !== 's3') {
        fail(`${path}.environmentFiles[${i}] must be {"value": "<S3 object ARN>", "type": "s3"}`)
      }
    })
  }
  for (const k of ['cpu', 'memory', 'memoryReservation'] as const) {
    if (c[k] !== undefined) wholeNumber(c[k], `${path}.${k}`, k === 'cpu' ? 0 : 1)
  }
  if (c.resourceRequirements !== undefined) {
    if (!Array.isArray(c.resourceRequirements)) fail(`${path}.resourceRequirements must be an array of {type, value}`)
    c.resourceRequirements.forEach((r: unknown, i) => {
      if (!isRecord(r) || typeof r.value !== 'string' || !RESOURCE_TYPES.includes(r.type as 'GPU')) {
        fail(`${path}.resourceRequirements[${i}] must be {"type": ${RESOURCE_TYPES.join(' | ')}, "value": string}`)
      }
    })
  }
}

/** The `--overrides` document checked member by member; every error names its path (`overrides.…`). */
export function validateOverrides(v: unknown): TaskOverride {
  const path = 'overrides'
  if (!isRecord(v)) fail(`${path} must be a JSON object (the shape of aws ecs run-task --overrides)`)
  unknownKeys(v, TASK_KEYS, path)
  if (v.containerOverrides !== undefined) {
    if (!Array.isArray(v.containerOverrides)) fail(`${path}.containerOverrides must be an array`)
    const seen = new Set<string>()
    v.containerOverrides.forEach((c: unknown, i) => {
      const at = `${path}.containerOverrides[${i}]`
      validateContainerOverride(c, at)
      const name = (c as Rec).name as string | undefined
      // Two overrides for one container would leave which one wins to the order: say so instead.
      if (name !== undefined && seen.has(name)) fail(`${at}.name: container ${name} is overridden twice`)
      if (name !== undefined) seen.add(name)
    })
  }
  for (const k of ['cpu', 'memory'] as const) {
    if (v[k] !== undefined && typeof v[k] !== 'string') fail(`${path}.${k} must be a string (e.g. "512")`)
  }
  for (const k of ['taskRoleArn', 'executionRoleArn'] as const) {
    if (v[k] !== undefined && (typeof v[k] !== 'string' || !ROLE_ARN.test(v[k]))) {
      fail(`${path}.${k} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)`)
    }
  }
  if (v.ephemeralStorage !== undefined) {
    const size = isRecord(v.ephemeralStorage) ? v.ephemeralStorage.sizeInGiB : undefined
    // ECS's range for Fargate ephemeral storage.
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 21 || size > 200) {
      fail(`${path}.ephemeralStorage.sizeInGiB must be a whole number from 21 to 200`)
    }
  }
  if (v.inferenceAcceleratorOverrides !== undefined) {
    if (!Array.isArray(v.inferenceAcceleratorOverrides)) fail(`${path}.inferenceAcceleratorOverrides must be an array`)
    // Elastic Inference has no local stand-in (and AWS has retired it): refuse rather than drop.
    if (v.inferenceAcceleratorOverrides.length > 0) {
      fail(`${path}.inferenceAcceleratorOverrides: Elastic Inference accelerators are not supported by ecs-local`)
    }
  }
  return v as TaskOverride
}

/** `--started-by`, `--group`, `--tags` as RunTask checks them; the overrides through validateOverrides. */
export function validateRunInputs(v: RunInputs): RunInputs {
  if (v.overrides !== undefined) validateOverrides(v.overrides)
  if (v.startedBy !== undefined && (typeof v.startedBy !== 'string' || !STARTED_BY.test(v.startedBy))) {
    fail('startedBy must be 1 to 128 letters, numbers, hyphens (-), forward slashes (/) and underscores (_)')
  }
  if (v.group !== undefined && (typeof v.group !== 'string' || v.group === '' || v.group.length > GROUP_MAX)) {
    fail(`group must be a string of 1 to ${GROUP_MAX} characters`)
  }
  if (v.launchType !== undefined && !LAUNCH_TYPES.includes(v.launchType)) {
    fail(`launchType must be ${LAUNCH_TYPES.join(' or ')} locally (got ${JSON.stringify(v.launchType)})`)
  }
  if (v.tags !== undefined) {
    if (!Array.isArray(v.tags)) fail('tags must be an array of {key, value}')
    if (v.tags.length > TAGS_MAX) fail(`tags: at most ${TAGS_MAX} tags per task (${v.tags.length} given)`)
    const seen = new Set<string>()
    v.tags.forEach((t: unknown, i) => {
      const at = `tags[${i}]`
      if (!isRecord(t) || typeof t.key !== 'string' || t.key.length < 1 || t.key.length > 128) {
        fail(`${at}.key must be a string of 1 to 128 characters`)
      }
      if (t.value !== undefined && (typeof t.value !== 'string' || t.value.length > 256)) {
        fail(`${at}.value must be a string of at most 256 characters`)
      }
      // ECS reserves the aws: prefix (any case) for its own tags.
      if (/^aws:/i.test(t.key)) fail(`${at}.key ${t.key}: the aws: prefix is reserved for AWS`)
      if (seen.has(t.key)) fail(`${at}.key ${t.key} is given twice`)
      seen.add(t.key)
    })
  }
  return v
}

/** Environment entries merged by name: the override's value wins, new names are appended in their order. */
export function mergeEnvironment(base: KeyValuePair[] = [], over: KeyValuePair[] = []): KeyValuePair[] {
  const byName = new Map(over.map((e) => [e.name, e.value]))
  const out = base.map((e) => (byName.has(e.name) ? { name: e.name, value: byName.get(e.name) } : e))
  const known = new Set(base.map((e) => e.name))
  for (const e of over) if (!known.has(e.name)) out.push(e)
  return out
}

/** Resource requirements merged by type (ECS: the override's amount "instead of" the definition's). */
function mergeResources(base: ResourceRequirement[] = [], over: ResourceRequirement[]): ResourceRequirement[] {
  const types = new Set(over.map((r) => r.type))
  return [...base.filter((r) => !types.has(r.type)), ...over]
}

function applyContainer(def: ContainerDefinition, o: ContainerOverride): ContainerDefinition {
  const out: ContainerDefinition = { ...def }
  if (o.command !== undefined) out.command = [...o.command]
  if (o.environment !== undefined) out.environment = mergeEnvironment(def.environment, o.environment)
  if (o.environmentFiles !== undefined) out.environmentFiles = o.environmentFiles.map((f) => ({ ...f }))
  if (o.cpu !== undefined) out.cpu = o.cpu
  if (o.memory !== undefined) out.memory = o.memory
  if (o.memoryReservation !== undefined) out.memoryReservation = o.memoryReservation
  if (o.resourceRequirements !== undefined) {
    out.resourceRequirements = mergeResources(def.resourceRequirements, o.resourceRequirements)
  }
  return out
}

/**
 * The task definition this run starts: `overrides` applied as ECS applies RunTask's (command, environmentFiles,
 * cpu, memory and roles replace; environment merges by name). A container override naming no container of the
 * definition is an error naming it. The input is not changed.
 */
export function applyOverrides(def: TaskDefinition, overrides: TaskOverride | undefined): TaskDefinition {
  if (!overrides) return def
  const containers = def.containerDefinitions ?? []
  const names = containers.map((c) => c.name as string)
  const byName = new Map<string, ContainerOverride>()
  ;(overrides.containerOverrides ?? []).forEach((o, i) => {
    if (o.name === undefined) return // the empty override ECS accepts
    if (!names.includes(o.name)) {
      fail(
        `overrides.containerOverrides[${i}].name: no container ${o.name} in the task definition (${names.join(', ')})`,
      )
    }
    byName.set(o.name, o)
  })
  const out: TaskDefinition = {
    ...def,
    containerDefinitions: containers.map((c) => {
      const o = byName.get(c.name as string)
      return o ? applyContainer(c, o) : c
    }),
  }
  if (overrides.cpu !== undefined) out.cpu = overrides.cpu
  if (overrides.memory !== undefined) out.memory = overrides.memory
  if (overrides.taskRoleArn !== undefined) out.taskRoleArn = overrides.taskRoleArn
  if (overrides.executionRoleArn !== undefined) out.executionRoleArn = overrides.executionRoleArn
  if (overrides.ephemeralStorage !== undefined) out.ephemeralStorage = { ...overrides.ephemeralStorage }
  return out
}

/**
 * `--env NAME=VALUE` as container overrides: each variable goes to every container of the definition, after
 * (and so winning over) what `--overrides` gives the same name. The result is an ordinary TaskOverride, so the
 * task shows the overrides it ran with whichever way they were given.
 */
export function withEnvironment(
  def: TaskDefinition,
  overrides: TaskOverride | undefined,
  env: KeyValuePair[],
): TaskOverride | undefined {
  if (env.length === 0) return overrides
  const given = overrides?.containerOverrides ?? []
  const named = (def.containerDefinitions ?? []).map((c) => c.name as string)
  const containerOverrides: ContainerOverride[] = given.map((o) =>
    o.name !== undefined && named.includes(o.name) ? { ...o, environment: mergeEnvironment(o.environment, env) } : o,
  )
  for (const name of named) {
    if (!given.some((o) => o.name === name)) containerOverrides.push({ name, environment: [...env] })
  }
  return { ...overrides, containerOverrides }
}

/** RunTask's default group: `family:<family>`. */
export const defaultGroup = (def: TaskDefinition): string => `family:${def.family as string}`
