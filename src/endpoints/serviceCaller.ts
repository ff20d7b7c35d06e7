import type { RegistryReader } from '../agent/registry.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'

/** How long a request for something unknown waits for adoptions in flight before it is refused. */
const SETTLE_MS = 5000

/**
 * When adoptions are in flight, a promise that settles once they are done (or after SETTLE_MS): an unknown id or
 * caller may be one of them. Undefined when none is, so the common path stays synchronous.
 */
export function adoptionsDone(registry: RegistryReader): Promise<unknown> | undefined {
  const settled = registry.adoptionsSettled()
  return settled && Promise.race([settled, new Promise((r) => setTimeout(r, SETTLE_MS).unref())])
}

/**
 * The compose service (an adopted, labelled container) that a source address belongs to. A service's first
 * request can reach us a few milliseconds before the engine's start event does: when adoptions are in flight,
 * an unknown caller waits for them (in memory, no engine call) before being refused.
 */
export async function serviceOf(
  registry: RegistryReader,
  caller: string,
): Promise<{ task: TaskRecord; container: ContainerRecord } | undefined> {
  let task = registry.taskByAddress(caller)
  const done = task ? undefined : adoptionsDone(registry)
  if (done) {
    await done
    task = registry.taskByAddress(caller)
  }
  const container = task?.containers[0]
  return task?.source === 'service' && container ? { task, container } : undefined
}
