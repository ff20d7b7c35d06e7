import { sourceFamily } from '../../lib/ipSource.js'
import type { BlackholePortFault, PacketLossFault } from '../../model/faults.js'
import { DEVICE, inNamespace, type Command } from './command.js'

/**
 * The iptables commands of the blackhole port fault, as the agent builds them (the iptables*Cmd strings and
 * start/stop/checkNetworkBlackHolePort in ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go), and those of
 * ecs-local's packet loss emulation. Pure: argv only, run by the injector.
 */

/** `-w 5`: wait up to the agent's requestTimeoutSeconds for the xtables lock. */
const WAIT = ['-w', '5']
const FAMILIES = [
  { tool: 'iptables', all: '0.0.0.0/0', ipv6: false },
  { tool: 'ip6tables', all: '::/0', ipv6: true },
] as const

/** A source goes to its family's table, as the agent sorts them (validation has ruled out anything else). */
const ofFamily = (sources: string[], ipv6: boolean) => sources.filter((s) => (sourceFamily(s) === 6) === ipv6)

/** The agent's chain per fault: `<trafficType>-<protocol>-<port>`, unique in the task's own namespace. */
export const blackholeChain = (f: BlackholePortFault): string => `${f.trafficType}-${f.protocol}-${f.port}`
const blackholeTable = (f: BlackholePortFault) => (f.trafficType === 'ingress' ? 'INPUT' : 'OUTPUT')

/** Exit 0 while the DROP rule is in the chain (checked in the IPv4 table only, as the agent does). */
export function blackholeCheck(pid: number, f: BlackholePortFault): Command {
  const rule = ['-p', f.protocol, '--dport', String(f.port), '-j', 'DROP']
  return inNamespace(pid, ['iptables', ...WAIT, '-C', blackholeChain(f), ...rule])
}

/**
 * A chain, an ACCEPT per source to filter (its family's table only), the DROP, and the chain inserted into
 * INPUT or OUTPUT; IPv4 first, then IPv6. (The agent matches a filtered source with `-d` in both directions.)
 */
export function blackholeStart(pid: number, f: BlackholePortFault): Command[] {
  const chain = blackholeChain(f)
  const port = String(f.port)
  return FAMILIES.flatMap(({ tool, all, ipv6 }) => {
    const append = (dest: string, target: string) =>
      inNamespace(pid, [tool, ...WAIT, '-A', chain, '-p', f.protocol, '-d', dest, '--dport', port, '-j', target], ipv6)
    return [
      inNamespace(pid, [tool, ...WAIT, '-N', chain], ipv6),
      ...ofFamily(f.sourcesToFilter, ipv6).map((s) => append(s, 'ACCEPT')),
      append(all, 'DROP'),
      inNamespace(pid, [tool, ...WAIT, '-I', blackholeTable(f), '-j', chain], ipv6),
    ]
  })
}

/** Flush the chain, take it out of INPUT/OUTPUT, delete it; IPv4 then IPv6. */
export function blackholeStop(pid: number, f: BlackholePortFault): Command[] {
  const chain = blackholeChain(f)
  return FAMILIES.flatMap(({ tool, ipv6 }) => [
    inNamespace(pid, [tool, ...WAIT, '-F', chain], ipv6),
    inNamespace(pid, [tool, ...WAIT, '-D', blackholeTable(f), '-j', chain], ipv6),
    inNamespace(pid, [tool, ...WAIT, '-X', chain], ipv6),
  ])
}

/**
 * Packet loss, emulated: the agent uses tc netem (a loss on the flows' bands of a prio hierarchy, u32 filters
 * for Sources and SourcesToFilter), which needs sch_netem; this does with iptables what that does to the packets
 * the task sends on eth0 to Sources: SourcesToFilter return untouched, and `statistic --mode random` drops
 * LossPercent of the rest. FlowsPercent below 100 picks flows as the agent's flow hash does, by a hash of the
 * flow (HMARK over addresses, ports and protocol, into 100 buckets), so a flow is always or never affected.
 */
export const PACKET_LOSS_CHAIN = 'network-packet-loss'
export const PACKET_LOSS_FLOWS_CHAIN = 'network-packet-loss-flows'

const jump = ['-o', DEVICE, '-j', PACKET_LOSS_CHAIN]

/** iptables' probability for a whole percentage: 6 -> 0.06, 100 -> 1. */
export const probability = (percent: number): string => (percent >= 100 ? '1' : `0.${String(percent).padStart(2, '0')}`)

export function packetLossCheck(pid: number): Command {
  return inNamespace(pid, ['iptables', ...WAIT, '-C', 'OUTPUT', ...jump])
}

export function packetLossStart(pid: number, f: PacketLossFault): Command[] {
  const drop = ['-m', 'statistic', '--mode', 'random', '--probability', probability(f.lossPercent), '-j', 'DROP']
  return FAMILIES.flatMap(({ tool, ipv6 }) => {
    const rule = (...args: string[]) => inNamespace(pid, [tool, ...WAIT, ...args], ipv6)
    const flows = PACKET_LOSS_FLOWS_CHAIN
    const selection: Command[] = []
    if (f.flowsPercent < 100) {
      const hash = ['--hmark-tuple', 'src,dst,sport,dport,proto', '--hmark-mod', '100', '--hmark-rnd', '0xec5fa017']
      selection.push(rule('-A', flows, '-j', 'HMARK', ...hash))
      // Whichever takes fewer rules: drop in the buckets below FlowsPercent, or return from those above it.
      if (f.flowsPercent <= 50) {
        for (let b = 0; b < f.flowsPercent; b++)
          selection.push(rule('-A', flows, '-m', 'mark', '--mark', `${b}`, ...drop))
      } else {
        for (let b = f.flowsPercent; b < 100; b++)
          selection.push(rule('-A', flows, '-m', 'mark', '--mark', `${b}`, '-j', 'RETURN'))
      }
    }
    if (f.flowsPercent > 50) selection.push(rule('-A', flows, ...drop))
    return [
      rule('-N', flows),
      ...selection,
      rule('-N', PACKET_LOSS_CHAIN),
      ...ofFamily(f.sourcesToFilter, ipv6).map((s) => rule('-A', PACKET_LOSS_CHAIN, '-d', s, '-j', 'RETURN')),
      ...ofFamily(f.sources, ipv6).map((s) => rule('-A', PACKET_LOSS_CHAIN, '-d', s, '-j', flows)),
      rule('-I', 'OUTPUT', ...jump),
    ]
  })
}

export function packetLossStop(pid: number): Command[] {
  return FAMILIES.flatMap(({ tool, ipv6 }) => {
    const rule = (...args: string[]) => inNamespace(pid, [tool, ...WAIT, ...args], ipv6)
    return [
      rule('-D', 'OUTPUT', ...jump),
      rule('-F', PACKET_LOSS_CHAIN),
      rule('-X', PACKET_LOSS_CHAIN),
      rule('-F', PACKET_LOSS_FLOWS_CHAIN),
      rule('-X', PACKET_LOSS_FLOWS_CHAIN),
    ]
  })
}
