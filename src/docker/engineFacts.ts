import type { EngineFacts } from '../model/dockerFacts.js'
import type { DockerClient } from './client.js'

/** The engine's version (`/version`) and clock (`/info` SystemTime); a failing `/info` only loses the clock. */
export async function engineFacts(docker: DockerClient): Promise<EngineFacts> {
  const [v, info] = await Promise.all([
    docker.version(),
    docker.info().then(
      (i: { SystemTime?: unknown }) => i,
      () => undefined,
    ),
  ])
  const facts: EngineFacts = { version: v.Version, apiVersion: v.ApiVersion }
  if (v.MinAPIVersion) facts.minApiVersion = v.MinAPIVersion
  if (v.Os) facts.os = v.Os
  if (v.Arch) facts.arch = v.Arch
  const time = typeof info?.SystemTime === 'string' ? new Date(info.SystemTime) : undefined
  if (time && !isNaN(+time)) facts.systemTime = time
  return facts
}
