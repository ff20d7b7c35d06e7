import type { Config } from '../../config.js'
import { ipv4CidrsOverlap } from '../../lib/cidr.js'
import type { NetworkSummary } from '../../model/dockerFacts.js'
import { describe } from '../failure.js'
import type { DoctorProbes } from '../probes.js'
import { fail, ok, skip, type CheckResult } from '../result.js'

const NAME = 'network'

/**
 * What the endpoint check needs to know: is the network there as the placement wants it, absent (the daemon will
 * create it), blocked (absent, and a clash keeps it from being created), otherwise, or not known.
 */
export type NetworkState = 'absent' | 'blocked' | 'expected' | 'mismatch' | 'unknown'

/** Names of the containers on a network; a listing that fails only loses the names. */
async function attached(probes: DoctorProbes, net: NetworkSummary): Promise<string[]> {
  return probes.networkContainers(net.id).catch(() => [])
}

function removal(net: NetworkSummary, containers: string[]): string {
  const rm = `docker network rm ${net.name}`
  if (!containers.length) return rm
  const disconnect = containers.map((c) => `docker network disconnect ${net.name} ${c}`).join('; ')
  return `${rm} (containers attached now: ${containers.join(', ')}; stop them, or ${disconnect}, first)`
}

const pools = (net: NetworkSummary): string =>
  net.subnets.map((s) => `subnet ${s.subnet ?? '?'} gateway ${s.gateway ?? '?'}`).join(', ') || 'no IPAM pool'

/** Why an existing ecs-local network does not fit this placement, or undefined when it does. */
function mismatch(net: NetworkSummary, config: Config): string | undefined {
  const want = config.network
  const pool = net.subnets.find((s) => s.subnet === want.subnet)
  if (pool?.gateway === want.gateway) return undefined
  const needs = `${config.placement} placement needs subnet ${want.subnet} and gateway ${want.gateway}`
  let why = `${net.name} exists with ${pools(net)}, but ${needs}`
  if (pool && config.placement === 'container' && pool.gateway === config.endpoint.host) {
    why += ` (its gateway gives the host ${config.endpoint.host}, which the daemon's container must hold: it was made for --placement host)`
  } else if (pool && config.placement === 'host') {
    why += ` (the host owns ${config.endpoint.host} only as the network's gateway; one made for --placement container has another)`
  }
  return why
}

/**
 * The `ecs-local` network: absent (the daemon creates it), present as this placement needs, present otherwise,
 * or shadowed by another network overlapping its subnet (Docker then refuses to create it: a subnet clash).
 */
export async function checkNetwork(
  probes: DoctorProbes,
  config: Config,
  engineAnswers: boolean,
): Promise<{ result: CheckResult; state: NetworkState }> {
  if (!engineAnswers) return { result: skip(NAME, 'needs the Docker engine (see engine)'), state: 'unknown' }
  const want = config.network
  let networks: NetworkSummary[]
  try {
    networks = await probes.networks()
  } catch (e) {
    const detail = `cannot list the engine's networks: ${describe(e)}`
    const result = fail(NAME, detail, 'check that docker network ls works', { code: 'ECSL_ERR_NETWORK' })
    return { result, state: 'unknown' }
  }
  const mine = networks.find((n) => n.name === want.name)
  const clashes = networks.filter(
    (n) => n.name !== want.name && n.subnets.some((s) => s.subnet && ipv4CidrsOverlap(s.subnet, want.subnet)),
  )
  const problems: string[] = []
  const fixes: string[] = []
  const wrong = mine && mismatch(mine, config)
  if (mine && wrong) {
    problems.push(wrong)
    fixes.push(
      `remove it once no container uses it (the daemon makes it anew): ${removal(mine, await attached(probes, mine))}`,
    )
  }
  for (const net of clashes) {
    const overlapping = net.subnets.filter((s) => s.subnet && ipv4CidrsOverlap(s.subnet, want.subnet))
    const subnets = overlapping.map((s) => s.subnet).join(', ')
    problems.push(
      `network ${net.name} (subnet ${subnets}) overlaps ${want.subnet}: ` +
        (mine ? `addresses of ${want.name} are ambiguous on this host` : `Docker will refuse to create ${want.name}`),
    )
    fixes.push(removal(net, await attached(probes, net)))
  }
  if (problems.length) {
    return {
      result: fail(NAME, problems.join('; '), fixes.join('\n'), { code: 'ECSL_ERR_NETWORK' }),
      state: wrong ? 'mismatch' : mine ? 'expected' : 'blocked',
    }
  }
  const shape = `subnet ${want.subnet}, gateway ${want.gateway}, as ${config.placement} placement needs`
  if (!mine) return { result: ok(NAME, `${want.name} absent: the daemon will create it (${shape})`), state: 'absent' }
  return { result: ok(NAME, `${want.name} present: ${shape}`), state: 'expected' }
}
