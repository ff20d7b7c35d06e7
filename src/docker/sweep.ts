import type { Logger } from '../log.js'
import type { DockerClient } from './client.js'
import { listByLabels, removeContainer } from './containers.js'
import { MANAGED_LABEL } from '../model/labels.js'
import { removeVolume, volumesByLabels } from './volumes.js'

/**
 * Remove what an earlier daemon left behind (crash, kill -9): cleanup must not depend on a process staying
 * alive. Only one daemon runs per engine, so every managed container found at start is an orphan.
 */
export async function sweepManaged(docker: DockerClient, logger: Logger): Promise<number> {
  // Both labels: containers inherit image labels, so a user's own container of one of our images carries
  // ecs-local=true but never a task ARN.
  const ids = await listByLabels(docker, [`${MANAGED_LABEL}=true`, 'com.amazonaws.ecs.task-arn'])
  await Promise.all(ids.map((id) => removeContainer(docker, id)))
  if (ids.length) logger.info({ removed: ids.length }, 'removed containers left by an earlier daemon')
  // Task-scoped volumes, once their containers are gone (shared ones carry no task label and stay).
  const volumes = await volumesByLabels(docker, [`${MANAGED_LABEL}=true`, 'com.amazonaws.ecs.task-arn'])
  await Promise.all(volumes.map((v) => removeVolume(docker, v).catch(() => {})))
  if (volumes.length) logger.info({ removed: volumes.length }, 'removed task volumes left by an earlier daemon')
  return ids.length
}
