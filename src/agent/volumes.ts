import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import { MANAGED_LABEL } from '../model/labels.js'
import type { ContainerEngine } from './engine.js'
import { LABELS } from './naming.js'

/**
 * Task volumes as the ECS agent provides them, on the local engine:
 * - `host.sourcePath`: a bind mount of that host path;
 * - `dockerVolumeConfiguration` with scope `shared`: the Docker volume of that name, created when missing if
 *   `autoprovision` is true, and kept after the task;
 * - scope `task` (the default), or no configuration at all (ECS's task storage): a Docker volume made for this
 *   task alone, shared by its containers and removed with it.
 * EFS, FSx and configuredAtLaunch volumes are refused by validation: nothing local can stand in for them.
 */
export interface TaskVolumes {
  /** Task volume name -> bind source (a host path or a Docker volume name). */
  sources: Map<string, string>
}

/** Docker volume names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*; ECS volume names are a subset of that. */
export const taskVolumeName = (taskId: string, volume: string): string => `ecs-local-${taskId}-${volume}`

/** Makes the task's volumes; `created` hears of each Docker volume made for this task (to remove at the end). */
export async function prepareVolumes(
  engine: ContainerEngine,
  def: TaskDefinition,
  task: { id: string; arn: string },
  created: (dockerVolume: string) => void,
): Promise<TaskVolumes> {
  const out: TaskVolumes = { sources: new Map() }
  for (const v of def.volumes ?? []) {
    const name = v.name as string
    const config = v.dockerVolumeConfiguration
    if (v.host?.sourcePath) {
      out.sources.set(name, v.host.sourcePath)
    } else if (config?.scope === 'shared') {
      if (!(await engine.volumeExists(name))) {
        if (!config.autoprovision) {
          throw new Error(`volume ${name}: no Docker volume named ${name} exists, and autoprovision is not set`)
        }
        // Kept after the task, as ECS keeps autoprovisioned shared volumes.
        await engine.createVolume({ name, driver: config.driver, driverOpts: config.driverOpts, labels: config.labels })
      }
      out.sources.set(name, name)
    } else {
      const dockerName = taskVolumeName(task.id, name)
      await engine.createVolume({
        name: dockerName,
        driver: config?.driver,
        driverOpts: config?.driverOpts,
        labels: { ...config?.labels, [MANAGED_LABEL]: 'true', [LABELS.taskArn]: task.arn },
      })
      created(dockerName)
      out.sources.set(name, dockerName)
    }
  }
  return out
}

/** Docker binds for a container's mountPoints: `source:containerPath[:ro]`. */
export function mountBinds(def: ContainerDefinition, volumes: TaskVolumes): string[] {
  return (def.mountPoints ?? []).map((m) => {
    const source = volumes.sources.get(m.sourceVolume as string) as string
    return `${source}:${m.containerPath}${m.readOnly ? ':ro' : ''}`
  })
}
