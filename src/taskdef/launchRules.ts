import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import { parseTaskSize } from './taskSize.js'
import type { Rec } from './types.js'

// ECS's registration rules for the members that depend on the network mode, the launch type or the task's size.
// Each names its source. "Fargate" means requiresCompatibilities includes FARGATE, as ECS validates against it.
// Sources: API = Amazon ECS API Reference (ContainerDefinition, LinuxParameters, SystemControl, TaskDefinition);
// FARGATE = Developer Guide, "Amazon ECS task definition differences for Fargate" (fargate-tasks-services.html).

function fail(message: string): never {
  throw new ERRORS.ECSL_ERR_TASKDEF_INVALID(message)
}

const has = (v: unknown): boolean => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)

/** API SystemControl: the namespaced kernel parameters ECS accepts ("All of these values are supported by Fargate"). */
const IPC_SYSCTLS = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
])
const isIpcSysctl = (name: string): boolean => IPC_SYSCTLS.has(name) || name.startsWith('fs.mqueue.')
const isNetSysctl = (name: string): boolean => name.startsWith('net.')

/** Container members refused in awsvpc, each with its source, and a hint where there is a way. */
const NOT_IN_AWSVPC: Array<[keyof ContainerDefinition, string]> = [
  // API hostname: "not supported if you're using the awsvpc network mode".
  ['hostname', ''],
  // API links: "only supported if the network mode of a task definition is bridge".
  ['links', '; containers of an awsvpc task reach each other on localhost'],
  // API extraHosts: "isn't supported for ... tasks that use the awsvpc network mode".
  ['extraHosts', ''],
  // Developer Guide task definition parameters and CloudFormation ContainerDefinition: "not supported for ... tasks
  // that use the awsvpc network mode" (the API reference no longer says it). Docker refuses DNS settings on a
  // container that joins another's network namespace, as awsvpc containers join the pause container's.
  ['dnsServers', ''],
  ['dnsSearchDomains', ''],
]

/** FARGATE: "The following task definition parameters are not valid in Fargate tasks". */
const NOT_ON_FARGATE: Array<keyof ContainerDefinition> = [
  'disableNetworking',
  'dnsSearchDomains',
  'dnsServers',
  'dockerSecurityOptions',
  'extraHosts',
  'links',
  'privileged',
]
/** FARGATE: linuxParameters "devices, sharedMemorySize and tmpfs are not supported"; "maxSwap, swappiness" not valid. */
const LINUX_NOT_ON_FARGATE = ['devices', 'sharedMemorySize', 'tmpfs', 'maxSwap', 'swappiness'] as const

function fargateContainer(c: ContainerDefinition, at: string): void {
  for (const key of NOT_ON_FARGATE)
    if (has(c[key])) fail(`${at}.${key} is not valid for Fargate (requiresCompatibilities)`)
  const lp = c.linuxParameters ?? {}
  for (const key of LINUX_NOT_ON_FARGATE) {
    if (has(lp[key])) fail(`${at}.linuxParameters.${key} is not valid for Fargate (requiresCompatibilities)`)
  }
  // FARGATE and API KernelCapabilities.add: "the only capability you can add is CAP_SYS_PTRACE".
  ;(lp.capabilities?.add ?? []).forEach((cap, i) => {
    if (cap.replace(/^CAP_/, '') !== 'SYS_PTRACE') {
      fail(`${at}.linuxParameters.capabilities.add[${i}]: Fargate only lets a task add SYS_PTRACE (got ${cap})`)
    }
  })
  ;(c.systemControls ?? []).forEach((s, i) => {
    const name = s.namespace as string
    if (!isIpcSysctl(name) && !isNetSysctl(name)) {
      fail(
        `${at}.systemControls[${i}].namespace: Fargate takes only namespaced kernel parameters (net.*, fs.mqueue.*, kernel.msg*, kernel.sem, kernel.shm*), got ${name}`,
      )
    }
  })
}

function taskSize(doc: Rec, key: 'cpu' | 'memory'): number | undefined {
  const v = doc[key]
  if (v === undefined) return undefined
  const n = typeof v === 'string' || typeof v === 'number' ? parseTaskSize(v) : undefined
  if (n === undefined || n <= 0) {
    fail(
      key === 'cpu'
        ? `cpu must be CPU units ("256") or vCPUs ("0.25 vCPU"), got ${JSON.stringify(v)}`
        : `memory must be MiB ("512") or GB ("0.5 GB"), got ${JSON.stringify(v)}`,
    )
  }
  return n
}

/** The rules across the task (network mode, launch type, task size) for its containers, `path(i)` naming each. */
export function validateLaunchRules(
  doc: Rec,
  networkMode: string,
  defs: ContainerDefinition[],
  path: (i: number) => string,
): void {
  const awsvpc = networkMode === 'awsvpc'
  const fargate = Array.isArray(doc.requiresCompatibilities) && doc.requiresCompatibilities.includes('FARGATE')
  const cpu = taskSize(doc, 'cpu')
  const memory = taskSize(doc, 'memory')
  if (fargate) {
    // API TaskDefinition.pidMode: "On Fargate for Linux containers, the only valid value is task".
    if (doc.pidMode !== undefined && doc.pidMode !== 'task') fail('pidMode: Fargate takes only task')
    // API TaskDefinition.ipcMode: "not supported for ... tasks run on Fargate".
    if (doc.ipcMode !== undefined) fail('ipcMode is not valid for Fargate (requiresCompatibilities)')
  }
  let reserved = 0
  let cpuUnits = 0
  defs.forEach((c, i) => {
    const at = path(i)
    if (awsvpc) {
      for (const [key, hint] of NOT_IN_AWSVPC) {
        if (has(c[key])) fail(`${at}.${key} is not supported with networkMode awsvpc${hint}`)
      }
    }
    if (fargate) fargateContainer(c, at)
    // API TaskDefinition.ipcMode: "For tasks that use the host IPC mode, IPC namespace related systemControls are
    // not supported".
    if (doc.ipcMode === 'host') {
      ;(c.systemControls ?? []).forEach((s, j) => {
        if (isIpcSysctl(s.namespace as string)) {
          fail(`${at}.systemControls[${j}]: ${s.namespace} is an IPC namespace parameter, and ipcMode is host`)
        }
      })
    }
    // The agent fails such a task at start (agent/api/task/task_linux.go buildLinuxMemorySpec).
    if (memory !== undefined && c.memory !== undefined && c.memory > memory) {
      fail(`${at}.memory (${c.memory} MiB) is more than the task's memory (${memory} MiB)`)
    }
    // Docker takes a swap limit only with a memory limit (its MemorySwap is memory plus swap).
    if (c.linuxParameters?.maxSwap !== undefined && !c.memory && memory === undefined) {
      fail(`${at}.linuxParameters.maxSwap needs a memory limit: the container's memory or the task's`)
    }
    reserved += c.memoryReservation ?? c.memory ?? 0
    cpuUnits += c.cpu ?? 0
  })
  // API ContainerDefinition.memory: "The total amount of memory reserved for all containers within a task must be
  // lower than the task memory value, if one is specified" (memoryReservation where given, else memory).
  if (memory !== undefined && reserved > memory) {
    fail(
      `containerDefinitions reserve ${reserved} MiB in all (memoryReservation, else memory), more than the task's memory (${memory} MiB)`,
    )
  }
  // API ContainerDefinition.cpu (Fargate): "the total amount of CPU reserved for all containers within a task be
  // lower than the task-level cpu value".
  if (fargate && cpu !== undefined && cpuUnits > cpu) {
    fail(`containerDefinitions reserve ${cpuUnits} cpu units in all, more than the task's cpu (${cpu})`)
  }
}
