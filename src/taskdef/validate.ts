import type {
  Compatibility,
  ContainerCondition,
  ContainerDefinition,
  NetworkMode,
  TaskDefinition,
} from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import { validateContainerFields, validateNamespaceModes } from './containerFields.js'
import { validateLaunchRules } from './launchRules.js'
import { allValuesOf } from './sdkValues.js'

// The SDK's enum values, listed here because importing them at run time loads the whole ECS client (the CLI
// must not: issue 12); allValuesOf makes the build fail if the SDK gains a value missing from a list.
const ALL_NETWORK_MODES: readonly string[] = allValuesOf<NetworkMode>()(['awsvpc', 'bridge', 'host', 'none'])
const CONDITIONS: readonly string[] = allValuesOf<ContainerCondition>()(['COMPLETE', 'HEALTHY', 'START', 'SUCCESS'])

/** TaskDefinition.requiresCompatibilities. */
const COMPATIBILITIES: readonly string[] = allValuesOf<Compatibility>()([
  'EC2',
  'EXTERNAL',
  'FARGATE',
  'MANAGED_INSTANCES',
])

/** Network modes ecs-local runs today; host and none are ECS values it does not run yet. */
export const SUPPORTED_NETWORK_MODES: readonly string[] = ['awsvpc', 'bridge'] satisfies NetworkMode[]
const CONTAINER_NAME = /^[a-zA-Z0-9_-]{1,255}$/
const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/

type Rec = Record<string, unknown>
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail(message: string): never {
  throw new ERRORS.ECSL_ERR_TASKDEF_INVALID(message)
}

function optionalString(obj: Rec, key: string, path: string): void {
  if (obj[key] !== undefined && typeof obj[key] !== 'string') fail(`${path}.${key} must be a string`)
}

function validateEnvironment(c: Rec, path: string): void {
  if (c.environment === undefined) return
  if (!Array.isArray(c.environment)) fail(`${path}.environment must be an array of {name, value}`)
  c.environment.forEach((e: unknown, i) => {
    if (!isRecord(e) || typeof e.name !== 'string' || e.name === '' || typeof e.value !== 'string') {
      fail(`${path}.environment[${i}] must be {"name": string, "value": string}`)
    }
  })
}

function validatePortMappings(c: Rec, path: string): void {
  if (c.portMappings === undefined) return
  if (!Array.isArray(c.portMappings)) fail(`${path}.portMappings must be an array`)
  c.portMappings.forEach((p: unknown, i) => {
    const port = isRecord(p) ? p.containerPort : undefined
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      fail(`${path}.portMappings[${i}].containerPort must be an integer between 1 and 65535`)
    }
  })
}

/** ECS's limits for healthCheck (seconds, except retries). */
const HEALTH_LIMITS = { interval: [5, 300], timeout: [2, 120], retries: [1, 10], startPeriod: [0, 300] } as const

function validateHealthCheck(c: Rec, path: string): void {
  if (c.healthCheck === undefined) return
  const h = c.healthCheck
  if (!isRecord(h)) fail(`${path}.healthCheck must be an object`)
  const cmd = h.command
  if (
    !Array.isArray(cmd) ||
    !cmd.every((s) => typeof s === 'string') ||
    !['CMD', 'CMD-SHELL'].includes(cmd[0] as string) ||
    cmd.length < 2
  ) {
    fail(`${path}.healthCheck.command must be ["CMD-SHELL", "<shell command>"] or ["CMD", "<executable>", ...args]`)
  }
  for (const [key, [min, max]] of Object.entries(HEALTH_LIMITS)) {
    const v = h[key]
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max)) {
      fail(`${path}.healthCheck.${key} must be a whole number from ${min} to ${max}`)
    }
  }
}

function validateDependsOn(c: Rec, path: string): void {
  if (c.dependsOn === undefined) return
  if (!Array.isArray(c.dependsOn)) fail(`${path}.dependsOn must be an array of {containerName, condition}`)
  c.dependsOn.forEach((d: unknown, i) => {
    const at = `${path}.dependsOn[${i}]`
    if (!isRecord(d) || typeof d.containerName !== 'string') fail(`${at}.containerName is required`)
    if (typeof d.condition !== 'string' || !CONDITIONS.includes(d.condition)) {
      fail(`${at}.condition must be one of ${CONDITIONS.join(', ')}`)
    }
  })
  if (c.startTimeout !== undefined && (!Number.isInteger(c.startTimeout) || (c.startTimeout as number) < 2)) {
    fail(`${path}.startTimeout must be a whole number of seconds, at least 2`)
  }
}

const VOLUME_NAME = /^[a-zA-Z0-9_-]{1,255}$/
/** Volume kinds that need AWS storage no local engine has. */
const REMOTE_VOLUMES: Record<string, string> = {
  efsVolumeConfiguration: 'EFS',
  fsxWindowsFileServerVolumeConfiguration: 'FSx for Windows File Server',
}

/** Task volumes, and what containers mount from them (mountPoints, volumesFrom). */
function validateVolumes(doc: Rec, defs: ContainerDefinition[]): void {
  const volumes = doc.volumes ?? []
  if (!Array.isArray(volumes)) fail('volumes must be an array')
  const names = new Set<string>()
  volumes.forEach((v: unknown, i) => {
    const at = `volumes[${i}]`
    if (!isRecord(v) || typeof v.name !== 'string' || !VOLUME_NAME.test(v.name)) {
      fail(`${at}.name is required: 1-255 letters, digits, hyphens or underscores`)
    }
    if (names.has(v.name)) fail(`${at} (${v.name}): volume names must be unique`)
    names.add(v.name)
    for (const [key, what] of Object.entries(REMOTE_VOLUMES)) {
      if (v[key] !== undefined) {
        fail(
          `${at} (${v.name}).${key}: ${what} cannot be mounted locally; use host.sourcePath or dockerVolumeConfiguration`,
        )
      }
    }
    if (v.configuredAtLaunch === true)
      fail(`${at} (${v.name}).configuredAtLaunch: EBS volumes are not supported locally`)
    const host = v.host
    if (
      host !== undefined &&
      (!isRecord(host) || (host.sourcePath !== undefined && typeof host.sourcePath !== 'string'))
    ) {
      fail(`${at} (${v.name}).host must be {"sourcePath": "/absolute/path"}`)
    }
    if (isRecord(host) && typeof host.sourcePath === 'string' && !host.sourcePath.startsWith('/')) {
      fail(`${at} (${v.name}).host.sourcePath must be an absolute path`)
    }
    const config = v.dockerVolumeConfiguration
    if (config !== undefined) {
      if (!isRecord(config)) fail(`${at} (${v.name}).dockerVolumeConfiguration must be an object`)
      if (config.scope !== undefined && config.scope !== 'task' && config.scope !== 'shared') {
        fail(`${at} (${v.name}).dockerVolumeConfiguration.scope must be task or shared`)
      }
      if (config.autoprovision === true && config.scope !== 'shared') {
        fail(`${at} (${v.name}).dockerVolumeConfiguration.autoprovision needs scope shared`)
      }
    }
  })
  const containers = new Set(defs.map((d) => d.name as string))
  for (const d of defs) {
    const at = `container ${d.name}`
    const mounts: unknown = d.mountPoints ?? []
    if (!Array.isArray(mounts)) fail(`${at}: mountPoints must be an array`)
    mounts.forEach((m: unknown, i) => {
      if (!isRecord(m) || typeof m.sourceVolume !== 'string' || !names.has(m.sourceVolume)) {
        fail(`${at}: mountPoints[${i}].sourceVolume must name one of the task's volumes`)
      }
      if (typeof m.containerPath !== 'string' || !m.containerPath.startsWith('/')) {
        fail(`${at}: mountPoints[${i}].containerPath must be an absolute path`)
      }
      if (m.readOnly !== undefined && typeof m.readOnly !== 'boolean')
        fail(`${at}: mountPoints[${i}].readOnly must be true or false`)
    })
    const from: unknown = d.volumesFrom ?? []
    if (!Array.isArray(from)) fail(`${at}: volumesFrom must be an array`)
    from.forEach((f: unknown, i) => {
      if (!isRecord(f) || typeof f.sourceContainer !== 'string' || !containers.has(f.sourceContainer)) {
        fail(`${at}: volumesFrom[${i}].sourceContainer must name another container of the task`)
      }
      if (f.sourceContainer === d.name) fail(`${at}: volumesFrom[${i}].sourceContainer cannot be the container itself`)
    })
  }
}

/** What ECS checks across containers: dependencies exist, conditions fit their target, no cycle. */
function validateDependencies(defs: ContainerDefinition[]): void {
  const byName = new Map(defs.map((d) => [d.name as string, d]))
  for (const d of defs) {
    for (const dep of d.dependsOn ?? []) {
      const target = byName.get(dep.containerName as string)
      const at = `container ${d.name}: dependsOn ${dep.containerName}`
      if (!target) fail(`${at}: no container of that name in the task`)
      if (target === d) fail(`${at}: a container cannot depend on itself`)
      if (dep.condition === 'HEALTHY' && !target.healthCheck)
        fail(`${at}: HEALTHY needs a healthCheck on ${target.name}`)
      if ((dep.condition === 'COMPLETE' || dep.condition === 'SUCCESS') && target.essential) {
        fail(`${at}: ${dep.condition} cannot be used on an essential container (mark ${target.name} essential: false)`)
      }
    }
  }
  // Depth-first search for a cycle, reporting it as a path.
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting') fail(`dependsOn has a cycle: ${[...trail, name].join(' -> ')}`)
    state.set(name, 'visiting')
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep.containerName as string, [...trail, name])
    state.set(name, 'done')
  }
  for (const d of defs) visit(d.name as string, [])
}

function validateContainer(c: unknown, i: number, seen: Set<string>): void {
  const path = `containerDefinitions[${i}]`
  if (!isRecord(c)) fail(`${path} must be an object`)
  if (typeof c.name !== 'string' || !CONTAINER_NAME.test(c.name)) {
    fail(`${path}.name is required: 1-255 letters, digits, hyphens or underscores`)
  }
  const at = `${path} (${c.name})`
  if (seen.has(c.name)) fail(`${at}: container names must be unique`)
  seen.add(c.name)
  if (typeof c.image !== 'string' || c.image.trim() === '') fail(`${at}.image is required`)
  if (c.essential !== undefined && typeof c.essential !== 'boolean') fail(`${at}.essential must be true or false`)
  for (const key of ['command', 'entryPoint']) {
    const v = c[key]
    if (v !== undefined && (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))) {
      fail(`${at}.${key} must be an array of strings`)
    }
  }
  optionalString(c, 'workingDirectory', at)
  optionalString(c, 'user', at)
  validateEnvironment(c, at)
  validatePortMappings(c, at)
  validateHealthCheck(c, at)
  validateDependsOn(c, at)
  validateContainerFields(c, at)
}

/** Validate untrusted JSON into a TaskDefinition with ECS's defaults applied; errors name the field. */
export function validateTaskDefinition(doc: unknown): TaskDefinition {
  if (!isRecord(doc)) fail('the document must be a JSON object (a task definition)')
  if (typeof doc.family !== 'string' || !FAMILY.test(doc.family)) {
    fail('family is required: 1-255 letters, digits, hyphens or underscores')
  }
  const defs = doc.containerDefinitions
  if (!Array.isArray(defs) || defs.length === 0) fail('containerDefinitions is required and must be a non-empty array')
  const seen = new Set<string>()
  defs.forEach((c, i) => validateContainer(c, i, seen))
  const compat = doc.requiresCompatibilities
  if (
    compat !== undefined &&
    (!Array.isArray(compat) || compat.some((c) => typeof c !== 'string' || !COMPATIBILITIES.includes(c)))
  ) {
    fail(`requiresCompatibilities must be a list of ${COMPATIBILITIES.join(', ')} (got ${JSON.stringify(compat)})`)
  }
  const fargate = (compat as string[] | undefined)?.includes('FARGATE') === true
  // RegisterTaskDefinition's default is bridge (describe-task-definition then shows it); Fargate takes only
  // awsvpc, and ECS refuses a FARGATE-compatible definition without it at registration.
  const mode = doc.networkMode ?? (fargate ? undefined : 'bridge')
  if (fargate && mode !== 'awsvpc') {
    fail(
      `networkMode must be awsvpc: requiresCompatibilities lists FARGATE, and Fargate only supports network mode awsvpc (got ${JSON.stringify(mode ?? null)})`,
    )
  }
  if (typeof mode !== 'string' || !ALL_NETWORK_MODES.includes(mode)) {
    fail(`networkMode must be one of ${ALL_NETWORK_MODES.join(', ')} (got ${JSON.stringify(mode)})`)
  }
  if (!SUPPORTED_NETWORK_MODES.includes(mode)) {
    fail(`networkMode ${mode} is not supported by ecs-local yet; use ${SUPPORTED_NETWORK_MODES.join(' or ')}`)
  }
  for (const key of ['taskRoleArn', 'executionRoleArn']) {
    const v = doc[key]
    if (v !== undefined && (typeof v !== 'string' || !ROLE_ARN.test(v))) {
      fail(`${key} must be an IAM role ARN (arn:aws:iam::<account-id>:role/<name>), got ${JSON.stringify(v)}`)
    }
  }
  if (doc.revision !== undefined && (!Number.isInteger(doc.revision) || (doc.revision as number) < 1)) {
    fail('revision must be a positive integer')
  }
  const containerDefinitions = (defs as ContainerDefinition[]).map((c) => ({ ...c, essential: c.essential ?? true }))
  if (!containerDefinitions.some((c) => c.essential)) fail('at least one container must be essential')
  validateDependencies(containerDefinitions)
  validateVolumes(doc, containerDefinitions)
  validateNamespaceModes(doc)
  validateLaunchRules(
    doc,
    mode,
    containerDefinitions,
    (i) => `containerDefinitions[${i}] (${containerDefinitions[i]?.name})`,
  )
  return {
    ...(doc as TaskDefinition),
    networkMode: mode as NetworkMode,
    revision: (doc.revision as number | undefined) ?? 1,
    containerDefinitions,
  }
}
