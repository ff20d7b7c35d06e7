import type { ContainerRecord, TaskRecord } from '../model/task.js'
import type { RegistryReader } from '../agent/registry.js'

export interface Owned {
  task: TaskRecord
  container: ContainerRecord
}

/**
 * The container an endpoint id names, but only when the caller's source address belongs to the same task.
 * Anything else looks exactly like an unknown id (same status, same body): a caller cannot learn which
 * endpoint ids exist in other tasks, and 404 is what the agent answers for an id it does not know.
 */
export function ownedContainer(registry: RegistryReader, endpointId: string, caller: string): Owned | undefined {
  const found = registry.containerByEndpointId(endpointId)
  if (!found) return undefined
  return registry.taskByAddress(caller) === found.task ? found : undefined
}
