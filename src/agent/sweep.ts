import type { Logger } from '../log.js'
import { MANAGED_LABEL } from '../model/labels.js'
import type { ContainerEngine } from './engine.js'
import { LABELS } from './naming.js'

/**
 * Remove what an earlier daemon left behind (crash, kill -9) that no one can take over: cleanup must not depend
 * on a process staying alive. Only one daemon runs per engine, so every managed container found at start that
 * is not of a task just adopted (`keep`, by task ARN) is an orphan.
 */
export async function sweepManaged(
  engine: ContainerEngine,
  logger: Logger,
  keep: ReadonlySet<string> = new Set(),
): Promise<number> {
  // Both labels: containers inherit image labels, so a user's own container of one of our images carries
  // ecs-local=true but never a task ARN.
  const labels = [`${MANAGED_LABEL}=true`, LABELS.taskArn]
  const removed: Array<{ container: string; taskArn: string }> = []
  for (const id of await engine.list(labels)) {
    const state = await engine.inspect(id).catch(() => undefined)
    const taskArn = state?.labels[LABELS.taskArn] ?? ''
    if (keep.has(taskArn)) continue
    await engine.remove(id)
    removed.push({ container: state?.name ?? id, taskArn })
  }
  if (removed.length) {
    const tasks = [...new Set(removed.map((r) => r.taskArn))]
    logger.info(
      { containers: removed.map((r) => r.container), tasks },
      `removed ${removed.length} container(s) of ${tasks.length} task(s) an earlier daemon left and no one can take over`,
    )
  }
  // Task-scoped volumes, once their containers are gone (shared ones carry no task label and stay).
  const kept = new Set(
    (
      await Promise.all(
        [...keep].map((arn) => engine.listVolumes([`${MANAGED_LABEL}=true`, `${LABELS.taskArn}=${arn}`])),
      )
    ).flat(),
  )
  const volumes: string[] = []
  for (const v of await engine.listVolumes(labels)) {
    if (kept.has(v)) continue
    await engine.removeVolume(v).catch(() => {})
    volumes.push(v)
  }
  if (volumes.length) logger.info({ volumes }, `removed ${volumes.length} task volume(s) an earlier daemon left`)
  return removed.length
}
