import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { loadConfig } from '../config.js'
import type { TaskEvent } from '../control/protocol.js'
import { EXAMPLE_TASK_DEFINITION } from '../example.js'
import { loadTaskDefinition } from '../taskdef/index.js'
import type { ControlClient } from '../control/client.js'
import { connectDaemon } from './connect.js'
import { Prefixer, PullDisplay } from './output.js'
import { runInputs } from './runArgs.js'
import { loadOptions, parseTaskdefArgs } from './taskdefArgs.js'

/**
 * What `run --json` prints: the task's events, one JSON object per line, with output one line per event
 * (the daemon sends output in chunks; scripts should not care how reads fell).
 */
export type PrintedEvent =
  | Exclude<TaskEvent, { type: 'output' }>
  | { type: 'output'; container: string; stream: 'stdout' | 'stderr'; line: string }

/** Exit code when the task could not start, as `docker run` uses 125 for its own failures. */
export const EXIT_START_FAILED = 125

/** `ecs-local run [TASKDEF]`: one task in the foreground; resolves with the process exit code. */
export async function runCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseTaskdefArgs(argv, { run: true })
  const config = loadConfig(flags)
  const def: TaskDefinition = await loadTaskDefinition(
    positionals[0] ?? EXAMPLE_TASK_DEFINITION,
    loadOptions(flags, config.region),
  )
  // Checked before the daemon is asked (or started): a bad override is exit 2 and nothing else happens.
  const inputs = runInputs(flags, def)
  const connected = await connectDaemon(config, flags)
  let client = connected.client
  const restarted = connected.restarted
  if (restarted) process.stderr.write(`ecs-local: restarted the idle background daemon (${restarted})\n`)

  const names = (def.containerDefinitions ?? []).map((c) => c.name as string)
  const out = new Prefixer(names, !flags.json && process.stdout.isTTY === true)
  const pulls = new PullDisplay(process.stderr, process.stderr.isTTY === true)
  let taskId: string | undefined
  let taskArn: string | undefined
  let signal: NodeJS.Signals | undefined
  const onSignal = (s: NodeJS.Signals): void => {
    if (signal) process.exit(128 + (s === 'SIGINT' ? 2 : 15)) // second signal: leave now, the daemon cleans up
    signal = s
    process.stderr.write(`ecs-local: stopping task (${s}); again to leave at once\n`)
    if (taskId) void client.stopTask(taskId).catch(() => {})
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let result: TaskEvent | undefined
  let failed = false
  let badInput = false
  let lost = false
  let followed = false
  // When the last output line arrived: a reattached stream leaves out what the engine logged before it.
  let since: number | undefined
  /** One event of the task; a number ends the command with that code. */
  const handle = (ev: TaskEvent): number | undefined => {
    if (ev.type === 'task' && followed) return undefined // the same task, followed on another daemon
    if (flags.json) process.stdout.write(printed(ev))
    if (ev.type === 'task') {
      taskId = ev.taskId
      taskArn = ev.taskArn
      if (signal) void client.stopTask(taskId).catch(() => {})
      if (!flags.json) process.stderr.write(`ecs-local: task ${ev.taskArn}\n`)
    } else if (ev.type === 'output' && !flags.json && !flags.detach) {
      // (Detached, stdout is the task's ARN alone, `arn=$(ecs-local run -d ...)`, as `docker run -d` prints the id.)
      since = Date.now()
      let text = ''
      for (const line of ev.lines) text += out.line(ev.container, line) + '\n'
      ;(ev.stream === 'stderr' ? process.stderr : process.stdout).write(text)
    } else if (ev.type === 'output') {
      since = Date.now()
    } else if (ev.type === 'pull' && !flags.json) {
      pulls.update(ev.image, ev.layer, ev.status)
    } else if (ev.type === 'notice' && !flags.json) {
      process.stderr.write(`ecs-local: ${ev.message}\n`)
    } else if (ev.type === 'status' && ev.status === 'RUNNING' && flags.detach) {
      // Detached: the task is the daemon's now; its ARN is what `stop` and `ps` take.
      if (!flags.json) process.stdout.write(`${taskArn}\n`)
      return 0
    } else if (ev.type === 'status' && !flags.json) {
      process.stderr.write(`ecs-local: task ${ev.status}\n`)
    } else if (ev.type === 'error') {
      failed = true
      if (ev.code === 'ECSL_ERR_TASKDEF_INVALID' || ev.code === 'ECSL_ERR_OVERRIDES_INVALID') badInput = true
      if (!flags.json) process.stderr.write(`ecs-local: ${ev.message}\n`)
    } else if (ev.type === 'stopped') {
      result = ev
      if (!flags.json && !failed) process.stderr.write(`ecs-local: stopped: ${ev.reason}\n`)
    }
    return undefined
  }
  let events = client.runTask({
    taskDefinition: def,
    ...inputs,
    cluster: flags.cluster,
    credentialsMode: config.credentialsMode,
    detach: flags.detach,
  })
  try {
    for (;;) {
      try {
        for await (const ev of events) {
          const code = handle(ev)
          if (code !== undefined) return code
        }
      } catch (e) {
        // The daemon went away (crash, kill -9) after the task started: the task keeps running, and the next
        // daemon takes it over. Anything before that is an ordinary failure.
        if (!taskArn) throw e
        lost = true
      }
      if (!taskArn || !taskId || result || failed || signal) break
      // The stream ended without the task's end: its daemon is gone. Follow the task on the next one (started
      // here when none answers), as the task goes on there.
      const next = await reattach(taskArn, () => connectDaemon(config, flags))
      if (!next) break
      await client.close()
      client = next
      followed = true
      lost = false
      if (signal) void client.stopTask(taskId).catch(() => {}) // Ctrl-C while it waited: stop it there
      const notice = `lost the daemon; following task ${taskArn} on the daemon that took it over`
      handle({ type: 'notice', message: notice })
      events = client.followTask(taskId, since)
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await client.close()
  }
  if (badInput) return 2
  if (taskArn && !failed && result === undefined && (lost || !signal)) {
    process.stderr.write(
      `ecs-local: lost the daemon; task ${taskArn} was not taken over by a new daemon within ${REATTACH_SECONDS} s ` +
        `(ecs-local ps, ecs-local stop ${taskId}; the daemon's log says why)\n`,
    )
    return EXIT_START_FAILED
  }
  if (failed || result?.type !== 'stopped') return EXIT_START_FAILED
  if (result.exitCode !== undefined) return result.exitCode
  return signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1
}

/** How long a `run` that lost its daemon waits for one that has taken its task over. */
const REATTACH_SECONDS = 60

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The client of a daemon that runs `taskArn` again, once one has taken it over; undefined when none has within
 * REATTACH_SECONDS, or when the daemon that answers has finished starting without it (it was not taken over).
 */
async function reattach(
  taskArn: string,
  connect: () => Promise<{ client: ControlClient }>,
): Promise<ControlClient | undefined> {
  const deadline = Date.now() + REATTACH_SECONDS * 1000
  while (Date.now() < deadline) {
    const client = await connect().then(
      (c) => c.client,
      () => undefined,
    )
    // A daemon answers tasks only once it has taken over what it found.
    const tasks = client && (await client.tasks().catch(() => undefined))
    if (client && tasks) {
      if (tasks.some((t) => t.taskArn === taskArn)) return client
      await client.close()
      return undefined
    }
    await client?.close()
    await sleep(250)
  }
  return undefined
}

function printed(ev: TaskEvent): string {
  if (ev.type !== 'output') return JSON.stringify(ev) + '\n'
  let text = ''
  for (const line of ev.lines) {
    const one: PrintedEvent = { type: 'output', container: ev.container, stream: ev.stream, line }
    text += JSON.stringify(one) + '\n'
  }
  return text
}
