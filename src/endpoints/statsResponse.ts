import type { ContainerRecord, TaskRecord } from '../model/task.js'

/**
 * Docker's stats JSON for one container as the agent serves it: the sample unchanged, plus v4's
 * `network_rate_stats`. In awsvpc every container joins the pause container's network namespace, where Docker
 * reports no interfaces of their own, so the task's network figures (as the agent's, from the task's ENI) come
 * from the pause container. Undefined until Docker has sent a first sample (about a second after start).
 */
export function toStatsResponse(task: TaskRecord, c: ContainerRecord, version: 3 | 4): object | undefined {
  const own = c.stats
  if (!own) return undefined
  const net = task.pause?.stats && c.type === 'NORMAL' && task.networkMode === 'awsvpc' ? task.pause.stats : own
  const body: Record<string, unknown> = { ...own.sample }
  if (net.sample.networks) body.networks = net.sample.networks
  if (version === 4 && net.networkRate) body.network_rate_stats = net.networkRate
  return body
}

/** Task stats: every container Docker knows, keyed by Docker id (null until its first sample). */
export function toTaskStatsResponse(task: TaskRecord, version: 3 | 4): Record<string, object | null> {
  const out: Record<string, object | null> = {}
  for (const c of task.containers) if (c.dockerId) out[c.dockerId] = toStatsResponse(task, c, version) ?? null
  return out
}
