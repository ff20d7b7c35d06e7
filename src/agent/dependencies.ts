import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ContainerRecord } from '../model/task.js'

/**
 * Container dependencies as the ECS agent resolves them (dependsOn, plus `links` and `volumesFrom` as START):
 * pure functions over the task's records, so the start sequence only has to wait and ask again.
 */

/** Names in start order: every container after what it depends on, definition order otherwise. */
export function startOrder(defs: readonly ContainerDefinition[]): string[] {
  const byName = new Map(defs.map((d) => [d.name as string, d]))
  const order: string[] = []
  const placed = new Set<string>()
  const place = (name: string): void => {
    if (placed.has(name) || !byName.has(name)) return
    placed.add(name) // validation has refused cycles; marking first keeps a stray one from recursing forever
    for (const dep of dependenciesOf(byName.get(name) as ContainerDefinition)) place(dep.containerName)
    order.push(name)
  }
  for (const d of defs) place(d.name as string)
  return order
}

export interface Dependency {
  containerName: string
  condition: string
}

/** dependsOn, and each container it links to or takes volumes from as START (as the agent orders them). */
export function dependenciesOf(def: ContainerDefinition): Dependency[] {
  const explicit = (def.dependsOn ?? []).map((d) => ({
    containerName: d.containerName as string,
    condition: d.condition as string,
  }))
  const implied = [
    ...(def.links ?? []).map((l) => l.split(':')[0] as string),
    ...(def.volumesFrom ?? []).map((v) => v.sourceContainer as string),
  ]
  const extra = [...new Set(implied)]
    .filter((name) => !explicit.some((d) => d.containerName === name))
    .map((containerName) => ({ containerName, condition: 'START' }))
  return [...explicit, ...extra]
}

export type Verdict = { kind: 'met' } | { kind: 'wait' } | { kind: 'failed'; reason: string }

/**
 * Where one dependency stands. A failed one can never be met: SUCCESS after a non-zero exit, a container that
 * stopped before the condition, or the dependency's own startTimeout passed (SUCCESS, COMPLETE, HEALTHY).
 */
export function checkDependency(dep: Dependency, target: ContainerRecord, now: number): Verdict {
  const name = `${dep.containerName} (${dep.condition})`
  const stopped = target.knownStatus === 'STOPPED'
  const started = target.startedAt !== undefined
  switch (dep.condition) {
    case 'START':
      if (started) return { kind: 'met' }
      return stopped ? { kind: 'failed', reason: `dependency ${name} never started` } : { kind: 'wait' }
    case 'COMPLETE':
      if (stopped) return { kind: 'met' }
      break
    case 'SUCCESS':
      if (stopped && target.exitCode === 0) return { kind: 'met' }
      if (stopped)
        return { kind: 'failed', reason: `dependency ${name} exited with code ${target.exitCode ?? 'unknown'}` }
      break
    case 'HEALTHY':
      if (target.health?.status === 'HEALTHY') return { kind: 'met' }
      if (stopped) return { kind: 'failed', reason: `dependency ${name} stopped before it was healthy` }
      break
    default:
      return { kind: 'failed', reason: `dependency ${name}: unknown condition` }
  }
  const timeout = target.definition?.startTimeout
  if (timeout && target.startedAt && now - target.startedAt.getTime() > timeout * 1000) {
    return { kind: 'failed', reason: `dependency ${name} did not get there within its startTimeout (${timeout} s)` }
  }
  return { kind: 'wait' }
}
