import type { Logger } from '../log.js'
import { MANAGED_LABEL } from '../model/labels.js'
import type { ContainerEngine } from './engine.js'
import { LABELS } from './naming.js'

/**
 * Remove what an earlier daemon left behind (crash, kill -9): cleanup must not depend on a process staying
 * alive. Only one daemon runs per engine, so every managed container found at start is an orphan.
 */
export async function sweepManaged(engine: ContainerEngine, logger: Logger): Promise<number> {
  // Both labels: containers inherit image labels, so a user's own container of one of our images carries
  // ecs-local=true but never a task ARN.
  const labels = [`${MANAGED_LABEL}=true`, LABELS.taskArn]
  const ids = await engine.list(labels)
  await Promise.all(ids.map((id) => engine.remove(id)))
  if (ids.length) logger.info({ removed: ids.length }, 'removed containers left by an earlier daemon')
  // Task-scoped volumes, once their containers are gone (shared ones carry no task label and stay).
  const volumes = await engine.listVolumes(labels)
  await Promise.all(volumes.map((v) => engine.removeVolume(v).catch(() => {})))
  if (volumes.length) logger.info({ removed: volumes.length }, 'removed task volumes left by an earlier daemon')
  return ids.length
}
