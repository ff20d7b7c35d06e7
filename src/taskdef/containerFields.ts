import type { DeviceCgroupPermission, IpcMode, PidMode, UlimitName } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import { allValuesOf } from './sdkValues.js'
import { isRecord, type Rec } from './types.js'

// The shapes of the ContainerDefinition members that ECS hands to Docker, and of the task's pidMode / ipcMode,
// with the values the ECS API reference lists (ContainerDefinition, LinuxParameters, KernelCapabilities, Device,
// Tmpfs, Ulimit, HostEntry, SystemControl, TaskDefinition). The rules that depend on the network mode or the
// launch type are in launchRules.ts.

const ULIMIT_NAMES: readonly string[] = allValuesOf<UlimitName>()([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
])
const DEVICE_PERMISSIONS: readonly string[] = allValuesOf<DeviceCgroupPermission>()(['mknod', 'read', 'write'])
const PID_MODES: readonly string[] = allValuesOf<PidMode>()(['host', 'task'])
const IPC_MODES: readonly string[] = allValuesOf<IpcMode>()(['host', 'none', 'task'])
/** KernelCapabilities' valid values; Docker also takes each with a CAP_ prefix, so both are accepted. */
const CAPABILITIES = new Set(
  'ALL AUDIT_CONTROL AUDIT_WRITE BLOCK_SUSPEND CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID IPC_LOCK IPC_OWNER KILL LEASE LINUX_IMMUTABLE MAC_ADMIN MAC_OVERRIDE MKNOD NET_ADMIN NET_BIND_SERVICE NET_BROADCAST NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_ADMIN SYS_BOOT SYS_CHROOT SYS_MODULE SYS_NICE SYS_PACCT SYS_PTRACE SYS_RAWIO SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG SYSLOG WAKE_ALARM'.split(
    ' ',
  ),
)
/** Tmpfs.mountOptions' valid values; those that take a value (mode, uid, ...) are written `name=value`. */
const TMPFS_OPTIONS = new Set(
  'defaults ro rw suid nosuid dev nodev exec noexec sync async dirsync remount mand nomand atime noatime diratime nodiratime bind rbind unbindable runbindable private rprivate shared rshared slave rslave relatime norelatime strictatime nostrictatime mode uid gid nr_inodes nr_blocks mpol'.split(
    ' ',
  ),
)

function fail(message: string): never {
  throw new ERRORS.ECSL_ERR_TASKDEF_INVALID(message)
}

const isInt = (v: unknown, min = 0): v is number => Number.isInteger(v) && (v as number) >= min

function arrayOf(v: unknown, at: string, what: string): unknown[] {
  if (v === undefined) return []
  if (!Array.isArray(v)) fail(`${at} must be an array of ${what}`)
  return v
}

function strings(c: Rec, key: string, at: string): void {
  arrayOf(c[key], `${at}.${key}`, 'strings').forEach((s, i) => {
    if (typeof s !== 'string' || s === '') fail(`${at}.${key}[${i}] must be a non-empty string`)
  })
}

function booleans(obj: Rec, keys: readonly string[], at: string): void {
  for (const key of keys) {
    if (obj[key] !== undefined && typeof obj[key] !== 'boolean') fail(`${at}.${key} must be true or false`)
  }
}

function validateUlimits(c: Rec, at: string): void {
  arrayOf(c.ulimits, `${at}.ulimits`, '{name, softLimit, hardLimit}').forEach((u, i) => {
    const path = `${at}.ulimits[${i}]`
    if (!isRecord(u) || typeof u.name !== 'string' || !ULIMIT_NAMES.includes(u.name)) {
      fail(`${path}.name must be one of ${ULIMIT_NAMES.join(', ')}`)
    }
    for (const key of ['softLimit', 'hardLimit']) {
      if (!isInt(u[key])) fail(`${path}.${key} is required: a whole number`)
    }
  })
}

function validateCapabilities(caps: unknown, at: string): void {
  if (caps === undefined) return
  if (!isRecord(caps)) fail(`${at} must be {"add": [...], "drop": [...]}`)
  for (const key of ['add', 'drop']) {
    arrayOf(caps[key], `${at}.${key}`, 'capability names').forEach((name, i) => {
      if (typeof name !== 'string' || !CAPABILITIES.has(name.replace(/^CAP_/, ''))) {
        fail(
          `${at}.${key}[${i}] must be a Linux capability (SYS_PTRACE, NET_ADMIN, ..., or ALL), got ${JSON.stringify(name)}`,
        )
      }
    })
  }
}

function validateLinuxParameters(c: Rec, at: string): void {
  const lp = c.linuxParameters
  if (lp === undefined) return
  const path = `${at}.linuxParameters`
  if (!isRecord(lp)) fail(`${path} must be an object`)
  validateCapabilities(lp.capabilities, `${path}.capabilities`)
  booleans(lp, ['initProcessEnabled'], path)
  arrayOf(lp.devices, `${path}.devices`, '{hostPath, containerPath, permissions}').forEach((d, i) => {
    const dev = `${path}.devices[${i}]`
    if (!isRecord(d) || typeof d.hostPath !== 'string' || !d.hostPath.startsWith('/')) {
      fail(`${dev}.hostPath is required: an absolute path`)
    }
    if (d.containerPath !== undefined && (typeof d.containerPath !== 'string' || !d.containerPath.startsWith('/'))) {
      fail(`${dev}.containerPath must be an absolute path`)
    }
    arrayOf(d.permissions, `${dev}.permissions`, 'permissions').forEach((p, j) => {
      if (typeof p !== 'string' || !DEVICE_PERMISSIONS.includes(p)) {
        fail(`${dev}.permissions[${j}] must be one of ${DEVICE_PERMISSIONS.join(', ')}`)
      }
    })
  })
  arrayOf(lp.tmpfs, `${path}.tmpfs`, '{containerPath, size, mountOptions}').forEach((m, i) => {
    const mount = `${path}.tmpfs[${i}]`
    if (!isRecord(m) || typeof m.containerPath !== 'string' || !m.containerPath.startsWith('/')) {
      fail(`${mount}.containerPath is required: an absolute path`)
    }
    if (!isInt(m.size, 1)) fail(`${mount}.size is required: a whole number of MiB, at least 1`)
    arrayOf(m.mountOptions, `${mount}.mountOptions`, 'mount options').forEach((o, j) => {
      if (typeof o !== 'string' || !TMPFS_OPTIONS.has(o.split('=')[0] as string)) {
        fail(`${mount}.mountOptions[${j}] must be a tmpfs mount option (noexec, nosuid, mode=1777, ...)`)
      }
    })
  })
  if (lp.sharedMemorySize !== undefined && !isInt(lp.sharedMemorySize, 1)) {
    fail(`${path}.sharedMemorySize must be a whole number of MiB, at least 1`)
  }
  if (lp.maxSwap !== undefined && !isInt(lp.maxSwap)) fail(`${path}.maxSwap must be 0 or a whole number of MiB`)
  if (lp.swappiness !== undefined && (!isInt(lp.swappiness) || lp.swappiness > 100)) {
    fail(`${path}.swappiness must be a whole number from 0 to 100`)
  }
}

/** The Docker-mapped members of one container definition (`at` names it: `containerDefinitions[0] (app)`). */
export function validateContainerFields(c: Rec, at: string): void {
  booleans(c, ['privileged', 'readonlyRootFilesystem', 'interactive', 'pseudoTerminal', 'disableNetworking'], at)
  for (const key of ['dnsServers', 'dnsSearchDomains', 'dockerSecurityOptions']) strings(c, key, at)
  ;((c.dockerSecurityOptions ?? []) as string[]).forEach((o, i) => {
    // gMSA: the credential spec joins the container to an Active Directory domain, which no local engine has.
    if (o.startsWith('credentialspec')) {
      fail(`${at}.dockerSecurityOptions[${i}]: credentialspec (gMSA, Active Directory) is not supported locally`)
    }
  })
  arrayOf(c.extraHosts, `${at}.extraHosts`, '{hostname, ipAddress}').forEach((h, i) => {
    if (!isRecord(h) || typeof h.hostname !== 'string' || typeof h.ipAddress !== 'string' || !h.hostname) {
      fail(`${at}.extraHosts[${i}] must be {"hostname": string, "ipAddress": string}`)
    }
  })
  arrayOf(c.systemControls, `${at}.systemControls`, '{namespace, value}').forEach((s, i) => {
    if (!isRecord(s) || typeof s.namespace !== 'string' || s.namespace === '' || typeof s.value !== 'string') {
      fail(`${at}.systemControls[${i}] must be {"namespace": string, "value": string}`)
    }
  })
  validateUlimits(c, at)
  validateLinuxParameters(c, at)
}

/** The task's pidMode and ipcMode. */
export function validateNamespaceModes(doc: Rec): void {
  if (doc.pidMode !== undefined && !PID_MODES.includes(doc.pidMode as string)) {
    fail(`pidMode must be one of ${PID_MODES.join(', ')} (got ${JSON.stringify(doc.pidMode)})`)
  }
  if (doc.ipcMode !== undefined && !IPC_MODES.includes(doc.ipcMode as string)) {
    fail(`ipcMode must be one of ${IPC_MODES.join(', ')} (got ${JSON.stringify(doc.ipcMode)})`)
  }
}
