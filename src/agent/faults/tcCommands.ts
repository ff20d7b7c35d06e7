import { sourceFamily } from '../../lib/ipSource.js'
import type { LatencyFault } from '../../model/faults.js'
import { DEVICE, inNamespace, type Command } from './command.js'

/**
 * The tc commands of the latency fault, exactly as the agent runs them (the tc*CommandString constants and
 * startNetworkLatencyFaultForInterface, createQdiscHierarchyForInterface, addNetemFaultToInterfaceFlows,
 * addIPAddressesToFilter, addFlowHashFilters, stopTCFaultForInterface, checkTCFaultForInterface in
 * ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go): a root prio qdisc whose band 1:1 holds two more layers of
 * 10-band prio qdiscs (100 bands), netem on FlowsPercent of them, u32 filters sending SourcesToFilter to the
 * untouched band 1:3 and Sources to 1:1, flow hash filters spreading flows over the 100 bands. Pure.
 */

const PRIOMAP = ['priomap', ...Array<string>(16).fill('2')]
const BANDS = 10
/** tc's ids are hexadecimal: the tenth class of a qdisc is `a`. */
const minor = (n: number) => (n === 10 ? 'a' : String(n))

const tc = (pid: number, ...args: string[]) => inNamespace(pid, ['tc', ...args])

/** `tc -j q show dev eth0 parent 100:1`: netem is on the first band whenever a tc fault runs. */
export function tcCheck(pid: number): Command {
  return tc(pid, '-j', 'q', 'show', 'dev', DEVICE, 'parent', '100:1')
}

export function latencyStart(pid: number, f: LatencyFault): Command[] {
  const cmds: Command[] = [
    tc(pid, 'qdisc', 'add', 'dev', DEVICE, 'root', 'handle', '1:', 'prio', ...PRIOMAP),
    tc(pid, 'qdisc', 'add', 'dev', DEVICE, 'parent', '1:1', 'handle', '10:', 'prio', 'bands', '10', ...PRIOMAP),
  ]
  for (let i = 0; i < BANDS; i++) {
    const args = ['parent', `10:${minor(i + 1)}`, 'handle', `${100 + i}:`, 'prio', 'bands', '10', ...PRIOMAP]
    cmds.push(tc(pid, 'qdisc', 'add', 'dev', DEVICE, ...args))
  }
  const netem = ['delay', `${f.delayMilliseconds}ms`, `${f.jitterMilliseconds}ms`]
  for (let i = 0; i < f.flowsPercent; i++) {
    const parent = `${100 + Math.floor(i / 10)}:${minor((i % 10) + 1)}`
    cmds.push(tc(pid, 'qdisc', 'add', 'dev', DEVICE, 'parent', parent, 'handle', `${200 + i}:`, 'netem', ...netem))
  }
  const filter = (ip: string, prio: string, flowid: string) =>
    tc(
      pid,
      'filter',
      'add',
      'dev',
      DEVICE,
      'protocol',
      'all',
      'parent',
      '1:0',
      'prio',
      prio,
      'u32',
      'match',
      sourceFamily(ip) === 6 ? 'ip6' : 'ip',
      'dst',
      ip,
      'flowid',
      flowid,
    )
  cmds.push(...f.sourcesToFilter.map((ip) => filter(ip, '1', '1:3')), ...f.sources.map((ip) => filter(ip, '2', '1:1')))
  const hash = (parent: number, handle: number, baseclass: string) =>
    tc(
      pid,
      'filter',
      'add',
      'dev',
      DEVICE,
      'protocol',
      'all',
      'parent',
      `${parent}:`,
      'handle',
      String(handle),
      'prio',
      '2',
      'flow',
      'hash',
      'keys',
      'src,dst,proto,proto-src,proto-dst',
      'divisor',
      '10',
      'baseclass',
      baseclass,
    )
  cmds.push(hash(10, 1, '10:1'))
  for (let i = 0; i < BANDS; i++) cmds.push(hash(100 + i, i + 1, `${100 + i}:1`))
  return cmds
}

/** Deleting the root qdisc takes the whole hierarchy and its filters with it. */
export function tcStop(pid: number): Command[] {
  return [
    tc(pid, 'qdisc', 'del', 'dev', DEVICE, 'parent', '1:1', 'handle', '10:'),
    tc(pid, 'qdisc', 'del', 'dev', DEVICE, 'root', 'handle', '1:', 'prio'),
  ]
}

/** What a failed start leaves is taken away with the root qdisc (the agent leaves it; a retry would then fail). */
export function tcRollback(pid: number): Command[] {
  return [tc(pid, 'qdisc', 'del', 'dev', DEVICE, 'root', 'handle', '1:', 'prio')]
}

/**
 * The agent's checkLatencyFault / checkPacketLossFault over `tc -j q show` output: a netem qdisc with options is
 * a latency fault unless one with `loss-random` (a packet loss fault) is there. Throws on output that is not a
 * JSON array of objects, as the agent fails the request then.
 */
export function tcFaults(output: string): { latency: boolean; packetLoss: boolean } {
  const parsed = JSON.parse(output) as unknown
  if (!Array.isArray(parsed) || parsed.some((q) => typeof q !== 'object' || q === null)) {
    throw new Error(`tc printed no list of qdiscs: ${output.slice(0, 200)}`)
  }
  const netem = (parsed as Array<{ kind?: unknown; options?: unknown }>).filter((q) => q.kind === 'netem' && q.options)
  const packetLoss = netem.some((q) => ((q.options as Record<string, unknown>)['loss-random'] ?? null) !== null)
  return { latency: !packetLoss && netem.length > 0, packetLoss }
}
