import type { TaskRecord } from './task.js'

/**
 * Fault injection under ECS_AGENT_URI, in our own words: the faults the agent serves under `/fault/v1/<type>/...`
 * (ecs-agent/tmds/handlers/fault/v1/types/types.go), once the endpoint has parsed and validated a request.
 */
export const FAULT_TYPES = ['network-blackhole-port', 'network-latency', 'network-packet-loss'] as const
export type FaultType = (typeof FAULT_TYPES)[number]

export const FAULT_OPERATIONS = ['start', 'stop', 'status'] as const
export type FaultOperation = (typeof FAULT_OPERATIONS)[number]

/** DROP of one port and protocol, in one direction; SourcesToFilter stay reachable. */
export interface BlackholePortFault {
  type: 'network-blackhole-port'
  port: number
  protocol: 'tcp' | 'udp'
  trafficType: 'ingress' | 'egress'
  /** IPv4/IPv6 addresses or CIDR blocks, exempted. */
  sourcesToFilter: string[]
}

/** Delay (and jitter) of what the task sends to `sources`; uint64 milliseconds as the agent takes them. */
export interface LatencyFault {
  type: 'network-latency'
  delayMilliseconds: bigint
  jitterMilliseconds: bigint
  sources: string[]
  sourcesToFilter: string[]
  /** The share of flows impaired, 1 to 100 (the agent's default: 100). */
  flowsPercent: number
}

/** Loss of that share of the packets the task sends to `sources`. */
export interface PacketLossFault {
  type: 'network-packet-loss'
  lossPercent: number
  sources: string[]
  sourcesToFilter: string[]
  flowsPercent: number
}

export type Fault = BlackholePortFault | LatencyFault | PacketLossFault

/**
 * What stop and status name: the agent reads a blackhole port request's body for them (its chain is per traffic
 * type, protocol and port) and no body at all for latency and packet loss (one of each per task).
 */
export type FaultTarget = BlackholePortFault | { type: 'network-latency' } | { type: 'network-packet-loss' }

/** The agent's NetworkFaultInjectionResponse Status values. */
export type FaultStatus = 'running' | 'stopped' | 'not-running'

/**
 * How an operation ended, for the endpoint to answer in the agent's words: a status (200), a fault of the kind
 * already running (409), the agent's 5 s budget for the commands spent (500 "... request timed out"), or a
 * command that failed (500 "internal error", with `detail` where ecs-local can say more than the agent does).
 */
export type FaultOutcome =
  | { kind: 'status'; status: FaultStatus }
  | { kind: 'conflict'; message: string }
  | { kind: 'timeout' }
  | { kind: 'failed'; detail?: string }

/** What the endpoint is given to act on a task's network (agent/faults/ implements it; daemon.ts wires it). */
export interface FaultInjection {
  start(task: TaskRecord, fault: Fault): Promise<FaultOutcome>
  stop(task: TaskRecord, target: FaultTarget): Promise<FaultOutcome>
  status(task: TaskRecord, target: FaultTarget): Promise<FaultOutcome>
}
