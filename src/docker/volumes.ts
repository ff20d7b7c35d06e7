import type { VolumeSpec } from '../agent/engine.js'
import type { DockerClient } from './client.js'

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode

/** Creates a named volume; creating one that exists is a no-op in Docker, as here. */
export async function createVolume(docker: DockerClient, spec: VolumeSpec): Promise<void> {
  await docker.createVolume({
    Name: spec.name,
    Driver: spec.driver ?? 'local',
    DriverOpts: spec.driverOpts ?? {},
    Labels: spec.labels ?? {},
  })
}

export async function volumeExists(docker: DockerClient, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect()
    return true
  } catch (e) {
    if (statusOf(e) === 404) return false
    throw e
  }
}

/** Idempotent: a volume already gone (404) is success. */
export async function removeVolume(docker: DockerClient, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove()
  } catch (e) {
    if (statusOf(e) !== 404) throw e
  }
}

/** Names of the volumes carrying all these labels (`key` or `key=value`). */
export async function volumesByLabels(docker: DockerClient, labels: string[]): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ label: labels }) })
  return (Volumes ?? []).map((v) => v.Name)
}
