import type { BlackholePortFault, LatencyFault, PacketLossFault } from '../model/faults.js'
import { decodeGoStruct, type GoStruct, type GoValue } from './goJsonDecode.js'
import { sourceFamily } from '../lib/ipSource.js'

/**
 * The fault requests' bodies, decoded and validated as the agent does it (ecs-agent/tmds/handlers/fault/v1/types/
 * types.go: the request structs and their ValidateRequest, in that order of checks, with those texts). A failure
 * is the `Error` of the agent's 400 answer.
 */
export type Parsed<T> = { ok: true; fault: T } | { ok: false; message: string }

const missing = (field: string) => `required parameter ${field} is missing`
const invalid = (value: string, field: string) => `invalid value ${value} for parameter ${field}`

const BLACKHOLE: GoStruct = {
  name: 'NetworkBlackholePortRequest',
  typeName: 'types.NetworkBlackholePortRequest',
  fields: { Port: 'uint16', Protocol: 'string', TrafficType: 'string', SourcesToFilter: '[]*string' },
}
const LATENCY: GoStruct = {
  name: 'NetworkLatencyRequest',
  typeName: 'types.NetworkLatencyRequest',
  fields: {
    DelayMilliseconds: 'uint64',
    JitterMilliseconds: 'uint64',
    Sources: '[]*string',
    SourcesToFilter: '[]*string',
    FlowsPercent: 'int',
  },
}
const PACKET_LOSS: GoStruct = {
  name: 'NetworkPacketLossRequest',
  typeName: 'types.NetworkPacketLossRequest',
  fields: { LossPercent: 'uint64', Sources: '[]*string', SourcesToFilter: '[]*string', FlowsPercent: 'int' },
}

/** A nil element reads as "" (aws.ToString), which no address is. */
const sources = (v: GoValue | undefined): string[] => ((v as Array<string | null>) ?? []).map((s) => s ?? '')

/** requireIPInRequestSources: the first entry that is neither an address nor a CIDR block, named. */
function badSource(list: string[], field: string): string | undefined {
  const bad = list.find((s) => !sourceFamily(s))
  return bad === undefined ? undefined : invalid(bad, field)
}

/** Go's strconv.Itoa(int(x)) of a uint64: values past int64 wrap negative. */
const goInt = (n: bigint): string => BigInt.asIntN(64, n).toString()

function decode(body: string, s: GoStruct): Parsed<Record<string, GoValue>> {
  const d = decodeGoStruct(body, s)
  if (d.ok) return { ok: true, fault: d.values }
  return { ok: false, message: d.eof ? 'required request body is missing' : d.message }
}

/** The optional FlowsPercent: 1 to 100, 100 when absent (the agent's defaultFlowsPercent). */
function flows(v: GoValue | undefined): Parsed<number> {
  if (v === undefined) return { ok: true, fault: 100 }
  const n = v as bigint
  return n <= 0n || n > 100n
    ? { ok: false, message: invalid(n.toString(), 'flowsPercent') }
    : { ok: true, fault: Number(n) }
}

export function parseBlackholePortRequest(body: string): Parsed<BlackholePortFault> {
  const d = decode(body, BLACKHOLE)
  if (!d.ok) return d
  const { Port, Protocol, TrafficType } = d.fault as { Port?: bigint; Protocol?: string; TrafficType?: string }
  if (Port === undefined) return { ok: false, message: missing('Port') }
  if (!Protocol) return { ok: false, message: missing('Protocol') }
  if (!TrafficType) return { ok: false, message: missing('TrafficType') }
  if (Protocol !== 'tcp' && Protocol !== 'udp') return { ok: false, message: invalid(Protocol, 'Protocol') }
  if (TrafficType !== 'ingress' && TrafficType !== 'egress') {
    return { ok: false, message: invalid(TrafficType, 'TrafficType') }
  }
  const sourcesToFilter = sources(d.fault.SourcesToFilter)
  const bad = badSource(sourcesToFilter, 'SourcesToFilter')
  if (bad) return { ok: false, message: bad }
  const fault: BlackholePortFault = {
    type: 'network-blackhole-port',
    port: Number(Port),
    protocol: Protocol,
    trafficType: TrafficType,
    sourcesToFilter,
  }
  return { ok: true, fault }
}

export function parseLatencyRequest(body: string): Parsed<LatencyFault> {
  const d = decode(body, LATENCY)
  if (!d.ok) return d
  const delay = d.fault.DelayMilliseconds as bigint | undefined
  const jitter = d.fault.JitterMilliseconds as bigint | undefined
  if (delay === undefined) return { ok: false, message: missing('DelayMilliseconds') }
  if (jitter === undefined) return { ok: false, message: missing('JitterMilliseconds') }
  if (delay === 0n && jitter === 0n) {
    return { ok: false, message: 'required either DelayMilliseconds or JitterMilliseconds to be non-zero' }
  }
  const targets = checkSources(d.fault)
  if (!targets.ok) return targets
  const flowsPercent = flows(d.fault.FlowsPercent)
  if (!flowsPercent.ok) return flowsPercent
  const fault: LatencyFault = {
    type: 'network-latency',
    delayMilliseconds: delay,
    jitterMilliseconds: jitter,
    ...targets.fault,
    flowsPercent: flowsPercent.fault,
  }
  return { ok: true, fault }
}

export function parsePacketLossRequest(body: string): Parsed<PacketLossFault> {
  const d = decode(body, PACKET_LOSS)
  if (!d.ok) return d
  const loss = d.fault.LossPercent as bigint | undefined
  if (loss === undefined) return { ok: false, message: missing('LossPercent') }
  if (loss < 1n || loss > 100n) return { ok: false, message: invalid(goInt(loss), 'LossPercent') }
  const targets = checkSources(d.fault)
  if (!targets.ok) return targets
  const flowsPercent = flows(d.fault.FlowsPercent)
  if (!flowsPercent.ok) return flowsPercent
  const fault: PacketLossFault = {
    type: 'network-packet-loss',
    lossPercent: Number(loss),
    ...targets.fault,
    flowsPercent: flowsPercent.fault,
  }
  return { ok: true, fault }
}

/** Sources required and valid, then SourcesToFilter valid (latency and packet loss alike). */
function checkSources(values: Record<string, GoValue>): Parsed<{ sources: string[]; sourcesToFilter: string[] }> {
  const list = sources(values.Sources)
  if (list.length === 0) return { ok: false, message: missing('Sources') }
  const filter = sources(values.SourcesToFilter)
  const bad = badSource(list, 'Sources') ?? badSource(filter, 'SourcesToFilter')
  return bad ? { ok: false, message: bad } : { ok: true, fault: { sources: list, sourcesToFilter: filter } }
}
