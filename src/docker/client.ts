// First: dockerode's unused heavy dependencies are deferred before dockerode loads them.
import './lazyDeps.js'
import Docker from 'dockerode'

export type DockerClient = Docker

export interface DockerClientOptions {
  /** unix socket path, e.g. /var/run/docker.sock; DOCKER_HOST is read by config, not here. */
  socketPath?: string
  /** Give up on a request after this long (`doctor` must not hang on a stuck engine); none by default. */
  timeoutMs?: number
}

export function createDockerClient(opts: DockerClientOptions = {}): DockerClient {
  // No `version`: requests go unversioned, so the engine answers in its own API version (never pinned).
  return new Docker({
    socketPath: opts.socketPath ?? '/var/run/docker.sock',
    ...(opts.timeoutMs !== undefined && { timeout: opts.timeoutMs }),
  })
}
