import type { PullEvent } from '../agent/engine.js'
import type { RegistryAuth } from '../model/credentials.js'
import type { DockerClient } from './client.js'

/** Pull through the Engine API (X-Registry-Auth when auth is given); resolves when the pull has finished. */
export async function pullImage(
  docker: DockerClient,
  ref: string,
  auth?: RegistryAuth,
  onProgress?: (event: PullEvent) => void,
): Promise<void> {
  const stream = await docker.pull(ref, auth ? { authconfig: auth } : {})
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = output?.find((o) => o.error)
        if (err) reject(err)
        else if (failed) reject(new Error(failed.error))
        else resolve()
      },
      onProgress,
    )
  })
}
