import { PassThrough } from 'node:stream'
import type { TaskRunner } from '../agent/runner.js'
import type { TaskOutput } from '../agent/task.js'
import { errorCode } from '../errors.js'
import type { TaskEvent } from './protocol.js'

/** Messages of start failures: our own errors carry the whole story; keep the first cause's words too. */
function msg(e: unknown): string {
  const m = (e as Error).message
  const cause = (e as { cause?: unknown }).cause
  return cause instanceof Error && !m.includes(cause.message) ? `${m}: ${cause.message}` : m
}

/**
 * A task's events as the NDJSON body of POST /v1/tasks (a task this request starts: `started`) or of GET
 * /v1/tasks/:id/events (a running task a client follows again, e.g. a `run` whose daemon was replaced). `since`
 * (ms): output lines the engine logged before it are left out, so a follower does not see again what it printed.
 * `gone()` makes the stream stop sending (its client left without stopping the task).
 */
export function taskEventStream(
  run: TaskRunner,
  opts: { started?: Promise<void>; since?: number } = {},
): { out: PassThrough; gone(): void } {
  const { task } = run
  const out = new PassThrough()
  // Events are coalesced into one write per turn of the event loop: a burst of output lines would otherwise
  // cost a stream write each (bench/logs).
  let pending = ''
  let gone = false
  const flush = (): void => {
    if (pending && out.writable) out.write(pending)
    pending = ''
  }
  const send = (e: TaskEvent): void => {
    if (gone) return
    if (!pending) setImmediate(flush)
    pending += JSON.stringify(e) + '\n'
  }
  send({ type: 'task', taskArn: task.record.arn, taskId: task.record.id })
  if (!opts.started) send({ type: 'status', status: task.summary().lastStatus })
  task.on('status', (status) => send({ type: 'status', status }))
  task.on('pull', (p) => send({ type: 'pull', ...p }))
  task.on('notice', (message) => send({ type: 'notice', message }))
  const output = (o: TaskOutput): void => {
    const since = opts.since
    // Lines read back from the engine's log carry the time it logged them; live ones, the time they were read.
    const lines = since === undefined ? o.lines : o.lines.filter((_, i) => (o.times?.[i] ?? o.time) > since)
    if (lines.length) send({ type: 'output', container: o.container, stream: o.stream, lines })
  }
  // A follower first gets what it missed, as far as the task kept it (a task taken over keeps its newest output).
  if (!opts.started) for (const o of task.recentOutput()) output(o)
  task.on('output', output)
  // The start failure is reported before the task's `stopped`, which its cleanup settles first.
  void (opts.started ?? Promise.resolve())
    .catch((e: unknown) => send({ type: 'error', code: errorCode(e) ?? 'ECSL_ERR_TASK_START', message: msg(e) }))
    .then(() => run.done)
    .then((r) => {
      send({ type: 'stopped', exitCode: r.exitCode, reason: r.reason })
      flush()
      if (out.writable) out.end()
    })
  return {
    out,
    gone() {
      gone = true
      out.destroy()
    },
  }
}
