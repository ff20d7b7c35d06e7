import type { Config } from '../../config.js'
import type { DaemonInfo } from '../../control/protocol.js'
import { describe } from '../failure.js'
import { ok, warn, type CheckResult, type Settled } from '../result.js'

const NAME = 'daemon'

/** Whether a daemon answers on the control socket, and whether `run` with these flags could use it. */
export function checkDaemon(info: Settled<DaemonInfo | undefined>, config: Config): CheckResult {
  if (!info.ok) {
    // The socket answered with an error: most often a daemon still starting (ECSL_ERR_DAEMON_STARTING).
    return warn(
      NAME,
      `the control socket ${config.controlSocket} answered with an error: ${describe(info.error)}`,
      `wait a moment and ask again; if it lasts, read ${config.stateDir}/daemon.log`,
    )
  }
  const d = info.value
  if (!d) return ok(NAME, `none running (state dir ${config.stateDir}); ecs-local run starts one in the background`)
  const about = `pid ${d.pid}, version ${d.version}, --aws ${d.aws}, region ${d.region}, endpoint ${d.endpoint.host}:${d.endpoint.port}`
  if (d.aws !== config.aws) {
    return warn(
      NAME,
      `running (${about}), but this command asks for --aws ${config.aws}: run would refuse to hand it a task`,
      'stop it once no task of it is needed (ecs-local daemon stop), or drop the differing --aws flag',
      { code: 'ECSL_ERR_DAEMON_MISMATCH' },
    )
  }
  return ok(NAME, `running (${about})`)
}
