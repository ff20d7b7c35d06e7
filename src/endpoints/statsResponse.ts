import type { ContainerRecord, TaskRecord } from '../model/task.js'
import type { MetadataVersion } from './wireTypes.js'

/**
 * The top-level keys of Docker's types.StatsJSON (api/types/stats.go, as vendored by the agent). The agent decodes
 * Docker's sample into that struct and encodes it again, so a key a newer engine adds never reaches the caller.
 */
const STATS_JSON_KEYS = [
  'read',
  'preread',
  'pids_stats',
  'blkio_stats',
  'num_procs',
  'storage_stats',
  'cpu_stats',
  'precpu_stats',
  'memory_stats',
  'name',
  'id',
  // then networks: the task's in awsvpc (below)
]

/**
 * Docker's stats JSON for one container as the agent serves it: the sample's StatsJSON keys, plus v4's
 * `network_rate_stats`. In awsvpc every container joins the pause container's network namespace, where Docker
 * reports no interfaces of their own, so the task's network figures (as the agent's, from the task's ENI) come
 * from the pause container. Undefined until Docker has sent a first sample (about a second after start).
 */
export function toStatsResponse(task: TaskRecord, c: ContainerRecord, version: MetadataVersion): object | undefined {
  const own = c.stats
  if (!own) return undefined
  const net = task.pause?.stats && c.type === 'NORMAL' && task.networkMode === 'awsvpc' ? task.pause.stats : own
  const body: Record<string, unknown> = {}
  for (const key of STATS_JSON_KEYS) if (own.sample[key] !== undefined) body[key] = own.sample[key]
  if (net.sample.networks) body.networks = net.sample.networks
  if (version === 4 && net.networkRate) body.network_rate_stats = net.networkRate
  return body
}

/**
 * Task stats: every container Docker knows, keyed by Docker id. One without a sample yet is `null` on v2 and v3
 * (a nil *StatsJSON) and `{}` on v4 (an empty StatsResponse), as the agent's two task stats responses write it.
 */
export function toTaskStatsResponse(task: TaskRecord, version: MetadataVersion): Record<string, object | null> {
  const out: Record<string, object | null> = {}
  for (const c of task.containers) {
    if (c.dockerId) out[c.dockerId] = toStatsResponse(task, c, version) ?? (version === 4 ? {} : null)
  }
  return out
}

/** The task's container with this Docker id, for /v2/stats/<id> (another task's id is simply not found). */
export function containerByDockerId(task: TaskRecord, dockerId: string): ContainerRecord | undefined {
  return [...task.containers, ...(task.pause ? [task.pause] : [])].find((c) => c.dockerId === dockerId)
}
