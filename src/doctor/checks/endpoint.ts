import type { Config } from '../../config.js'
import type { DaemonInfo } from '../../control/protocol.js'
import type { DoctorProbes } from '../probes.js'
import { fail, ok, skip, warn, type CheckResult } from '../result.js'
import type { NetworkState } from './network.js'

const NAME = 'endpoint'

/** The fallback, in the words of daemon.ts listenEndpoint: a high port, and FULL_URI for containers. */
function fallback(config: Config, port = config.endpoint.fallbackPort): string {
  return (
    `the daemon serves on port ${port} instead and gives containers ` +
    `AWS_CONTAINER_CREDENTIALS_FULL_URI=http://${config.endpoint.host}:${port}/v2/credentials/<id> ` +
    "(an SDK whose FULL_URI allow list lacks that host, such as the Java SDK v1's, will not find credentials)"
  )
}

const PRIVILEGE_FIX =
  'run the daemon as root, or let node bind low ports: ' +
  'sudo setcap cap_net_bind_service=+ep "$(readlink -f "$(command -v node)")"'

/**
 * Can the daemon listen at 169.254.170.2:80? A running ecs-local daemon holding it is fine (asked on the control
 * socket, not by binding). Otherwise bind it for a moment: EACCES falls back to a high port (a warning),
 * EADDRINUSE stops the daemon from starting, EADDRNOTAVAIL depends on the placement and the network.
 */
export async function checkEndpoint(
  probes: DoctorProbes,
  config: Config,
  daemon: DaemonInfo | undefined,
  network: NetworkState,
): Promise<CheckResult> {
  const { host, port } = config.endpoint
  const at = `${host}:${port}`
  if (daemon) {
    if (daemon.endpoint.port === port)
      return ok(NAME, `${at} is held by the running ecs-local daemon (pid ${daemon.pid})`)
    return warn(
      NAME,
      `the running daemon (pid ${daemon.pid}) could not bind ${at}: ${fallback(config, daemon.endpoint.port)}`,
      PRIVILEGE_FIX,
    )
  }
  const bound = await probes.bind(host, port)
  if (bound.ok) return ok(NAME, `${at} can be bound`)
  switch (bound.code) {
    case 'EACCES':
      return warn(NAME, `cannot bind ${at} without root or CAP_NET_BIND_SERVICE: ${fallback(config)}`, PRIVILEGE_FIX)
    case 'EADDRINUSE':
      return fail(
        NAME,
        `another process listens on port ${port} of ${host} (or of every address): the daemon cannot start`,
        `find it with: ss -ltnp 'sport = :${port}' and stop it; if it is an ecs-local daemon of another state dir, ` +
          'ecs-local daemon stop --state-dir DIR',
        { code: 'ECSL_ERR_DAEMON' },
      )
    case 'EADDRNOTAVAIL':
      return notOnThisHost(config, network)
    default:
      return fail(NAME, `cannot bind ${at}: ${bound.message}`, 'the daemon will fail the same way when it binds', {
        code: 'ECSL_ERR_DAEMON',
      })
  }
}

/** No interface of this host has 169.254.170.2: expected or not, depending on where it should live. */
function notOnThisHost(config: Config, network: NetworkState): CheckResult {
  const { host } = config.endpoint
  if (config.placement === 'container') {
    return ok(NAME, `${host} is not an address of this host: in container placement the daemon's container holds it`)
  }
  switch (network) {
    case 'absent':
      return ok(
        NAME,
        `${host} is on no interface yet: the daemon creates the ${config.network.name} network, whose gateway gives this host that address`,
      )
    case 'expected':
      return fail(
        NAME,
        `the ${config.network.name} network has gateway ${host}, yet no interface here has that address: this ` +
          "process does not share the engine's network namespace (it runs in a container, or the engine in a VM as with Docker Desktop)",
        'run ecs-local where the engine runs, or use container placement (docker compose up, see compose.yaml)',
        { code: 'ECSL_ERR_DAEMON' },
      )
    case 'mismatch':
      return skip(
        NAME,
        `${host} is on no interface: the ${config.network.name} network has another gateway (see network)`,
      )
    case 'blocked':
      return skip(
        NAME,
        `${host} is on no interface: the ${config.network.name} network, which gives it, cannot be created yet (see network)`,
      )
    default:
      return skip(
        NAME,
        `${host} is on no interface of this host; the ${config.network.name} network that gives it could not be checked (see network)`,
      )
  }
}
