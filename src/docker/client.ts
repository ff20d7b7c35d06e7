import Docker from 'dockerode'

export type DockerClient = Docker

export interface DockerClientOptions {
  /** unix socket path, e.g. /var/run/docker.sock; DOCKER_HOST is read by config, not here. */
  socketPath?: string
}

export function createDockerClient(opts: DockerClientOptions = {}): DockerClient {
  return new Docker({ socketPath: opts.socketPath ?? '/var/run/docker.sock' })
}
