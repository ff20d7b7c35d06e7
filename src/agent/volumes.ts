import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import type { DockerClient } from '../docker/client.js'
import { MANAGED_LABEL } from '../model/labels.js'
import { createVolume, removeVolume, volumeExists } from '../docker/volumes.js'

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
  /** Docker volumes made for this task, to remove at teardown. */
  owned: string[]
}

/** Docker volume names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*; ECS volume names are a subset of that. */
export const taskVolumeName = (taskId: string, volume: string): string => `ecs-local-${taskId}-${volume}`

export async function prepareVolumes(
  docker: DockerClient,
  def: TaskDefinition,
  task: { id: string; arn: string },
): Promise<TaskVolumes> {
  const out: TaskVolumes = { sources: new Map(), owned: [] }
  try {
    for (const v of def.volumes ?? []) {
      const name = v.name as string
      const config = v.dockerVolumeConfiguration
      if (v.host?.sourcePath) {
        out.sources.set(name, v.host.sourcePath)
      } else if (config?.scope === 'shared') {
        if (!(await volumeExists(docker, name))) {
          if (!config.autoprovision) {
            throw new Error(`volume ${name}: no Docker volume named ${name} exists, and autoprovision is not set`)
          }
          await createVolume(docker, {
            name,
            driver: config.driver,
            driverOpts: config.driverOpts,
            labels: config.labels,
          })
        }
        out.sources.set(name, name)
      } else {
        const dockerName = taskVolumeName(task.id, name)
        await createVolume(docker, {
          name: dockerName,
          driver: config?.driver,
          driverOpts: config?.driverOpts,
          labels: { ...config?.labels, [MANAGED_LABEL]: 'true', 'com.amazonaws.ecs.task-arn': task.arn },
        })
        out.owned.push(dockerName)
        out.sources.set(name, dockerName)
      }
    }
  } catch (e) {
    await removeVolumes(docker, out.owned)
    throw e
  }
  return out
}

export async function removeVolumes(docker: DockerClient, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((n) => removeVolume(docker, n).catch(() => {})))
}

/** Docker binds for a container's mountPoints: `source:containerPath[:ro]`. */
export function mountBinds(def: ContainerDefinition, volumes: TaskVolumes): string[] {
  return (def.mountPoints ?? []).map((m) => {
    const source = volumes.sources.get(m.sourceVolume as string) as string
    return `${source}:${m.containerPath}${m.readOnly ? ':ro' : ''}`
  })
}
