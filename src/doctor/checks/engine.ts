import type { Config } from '../../config.js'
import type { EngineFacts } from '../../model/dockerFacts.js'
import { describe, errnoCode } from '../failure.js'
import { fail, ok, type CheckResult, type Settled } from '../result.js'

const NAME = 'engine'

/** What to do for each way the socket can refuse, in the words of ECSL_ERR_DOCKER_UNAVAILABLE's docs. */
function engineFix(code: string | undefined, socket: string): string {
  if (code === 'EACCES' || code === 'EPERM') {
    return (
      `let this user use ${socket}: sudo usermod -aG docker "$USER" and log in again, or run as root ` +
      '(the docker group is root-equivalent)'
    )
  }
  return (
    'start Docker (sudo systemctl start docker, or Docker Desktop); if DOCKER_HOST is set, it must name the ' +
    `engine's unix:// socket. docker info must work first`
  )
}

/**
 * The engine answers, and in which API version. ecs-local pins none (docker/client.ts sends unversioned requests),
 * so the engine's own newest version is the one spoken: reported, not required.
 */
export function checkEngine(engine: Settled<EngineFacts>, config: Config): CheckResult {
  const socket = `unix://${config.dockerSocket}`
  if (!engine.ok) {
    const code = errnoCode(engine.error)
    return fail(NAME, `no Docker engine answers at ${socket}: ${describe(engine.error)}`, engineFix(code, socket), {
      code: 'ECSL_ERR_DOCKER_UNAVAILABLE',
    })
  }
  const e = engine.value
  const platform = e.os && e.arch ? ` on ${e.os}/${e.arch}` : ''
  const min = e.minApiVersion ? `, oldest ${e.minApiVersion}` : ''
  return ok(
    NAME,
    `Docker Engine ${e.version}${platform} at ${socket}; API ${e.apiVersion}${min} (negotiated: requests are unversioned, so the engine's own version is used)`,
  )
}
