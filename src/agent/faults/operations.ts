import type { Fault, FaultOperation, FaultOutcome, FaultTarget } from '../../model/faults.js'
import type { Command } from './command.js'
import { CommandFailed, FaultDetail, type Exec } from './exec.js'
import {
  blackholeChain,
  blackholeCheck,
  blackholeStart,
  blackholeStop,
  packetLossCheck,
  packetLossStart,
  packetLossStop,
} from './iptablesCommands.js'
import { latencyStart, tcCheck, tcFaults, tcRollback, tcStop } from './tcCommands.js'

/** The agent's 409 texts (latencyFaultAlreadyRunningError, packetLossFaultAlreadyRunningError). */
export const LATENCY_RUNNING = 'There is already one network latency fault running'
export const PACKET_LOSS_RUNNING = 'There is already one network packet loss fault running'

const status = (s: 'running' | 'stopped' | 'not-running'): FaultOutcome => ({ kind: 'status', status: s })
const keyOf = (t: FaultTarget) => (t.type === 'network-blackhole-port' ? `${t.type}:${blackholeChain(t)}` : t.type)

/**
 * One operation on one fault, in the agent's order (ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go):
 * check what runs, then act. Blackhole port: a start of one that runs answers "running" again, a stop of one
 * that does not "stopped". Latency and packet loss: one tc-style fault per task, so a start while either runs is
 * a conflict, naming the one that runs (latency first, as the agent checks it first).
 */
export async function applyFault(x: Exec, op: FaultOperation, target: Fault | FaultTarget): Promise<FaultOutcome> {
  const key = keyOf(target)
  if (target.type === 'network-blackhole-port') {
    const running = (await x.run(blackholeCheck(x.pid, target))).code === 0
    if (op === 'status') return status(running ? 'running' : 'not-running')
    if (op === 'stop') {
      if (running) await x.runAll(blackholeStop(x.pid, target))
      x.forget(key)
      return status('stopped')
    }
    if (!running) await startOrUndo(x, blackholeStart(x.pid, target), blackholeStop(x.pid, target))
    x.remember(key, target)
    return status('running')
  }

  const latency = target.type === 'network-latency'
  if (op !== 'start') {
    const running = latency ? (await tcState(x)).latency : await packetLossRunning(x)
    if (op === 'status') return status(running ? 'running' : 'not-running')
    if (running) await x.runAll(latency ? tcStop(x.pid) : packetLossStop(x.pid))
    x.forget(key)
    return status('stopped')
  }
  if ((await tcState(x)).latency) return { kind: 'conflict', message: LATENCY_RUNNING }
  if (await packetLossRunning(x)) return { kind: 'conflict', message: PACKET_LOSS_RUNNING }
  const fault = target as Fault
  if (fault.type === 'network-latency') {
    await startOrUndo(x, latencyStart(x.pid, fault), tcRollback(x.pid)).catch((e: unknown) => {
      throw explainTc(e)
    })
  } else if (fault.type === 'network-packet-loss') {
    await startOrUndo(x, packetLossStart(x.pid, fault), packetLossStop(x.pid))
  }
  x.remember(key, target)
  return status('running')
}

/** A start that fails part way takes back what it made (the agent leaves it, so that a retry fails too). */
async function startOrUndo(x: Exec, start: Command[], undo: Command[]): Promise<void> {
  try {
    await x.runAll(start)
  } catch (e) {
    await x.undo(undo)
    throw e
  }
}

/** `tc -j q show ...` read as the agent reads it; tc failing is a failure of the request. */
async function tcState(x: Exec): Promise<{ latency: boolean; packetLoss: boolean }> {
  const cmd = tcCheck(x.pid)
  const r = await x.run(cmd)
  if (r.code !== 0) throw new CommandFailed(cmd.argv, r.code, r.output)
  return tcFaults(r.output)
}

const packetLossRunning = async (x: Exec) => (await x.run(packetLossCheck(x.pid))).code === 0

/** What a latency start needs from the kernel: the qdiscs and filters of the agent's hierarchy, by tc's kind. */
const KERNEL_PARTS: Record<string, string> = { prio: 'sch_prio', netem: 'sch_netem', u32: 'cls_u32', flow: 'cls_flow' }

/** The kind a tc command names: after `handle X` for a qdisc, after `prio N` for a filter. */
function tcKind(argv: readonly string[]): string | undefined {
  const at = argv.includes('qdisc') ? argv.indexOf('handle') : argv.indexOf('prio')
  return at < 0 ? undefined : argv[at + 2]
}

/**
 * tc refusing a qdisc or filter kind means the kernel lacks it (sch_netem is missing from minimal and container
 * kernels). The agent only says "internal error"; the detail names the module.
 */
function explainTc(e: unknown): unknown {
  if (!(e instanceof CommandFailed) || !/kind is unknown|Unknown filter|Unknown qdisc/i.test(e.output)) return e
  const kind = tcKind(e.argv)
  const module = (kind && KERNEL_PARTS[kind]) ?? `the ${kind ?? 'qdisc'} tc asked for`
  const said = e.output.trim().split('\n')[0] ?? ''
  return new FaultDetail(
    `this kernel has no ${module} (tc: ${JSON.stringify(said)}); ` +
      `network-latency needs ${Object.values(KERNEL_PARTS).join(', ')}`,
    { cause: e },
  )
}
