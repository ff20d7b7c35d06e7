import type { Config } from './config.js'
import { createDockerClient, type DockerClient } from './docker/client.js'
import { engineInfo } from './docker/images.js'
import { ERRORS } from './errors.js'

// Kept apart from daemon.ts so that `run` does not load the daemon's whole module graph (fastify, every SDK
// client) just to check that an engine answers.

/** Fails with ECSL_ERR_DOCKER_UNAVAILABLE, in words a user can act on, when no engine answers. */
export async function checkEngine(config: Config): Promise<DockerClient> {
  const docker = createDockerClient({ socketPath: config.dockerSocket })
  try {
    await engineInfo(docker)
  } catch (e) {
    throw new ERRORS.ECSL_ERR_DOCKER_UNAVAILABLE(`unix://${config.dockerSocket}`, { cause: e })
  }
  return docker
}
