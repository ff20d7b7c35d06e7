import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { loadConfig } from '../config.js'
import type { TaskEvent } from '../control/protocol.js'
import { EXAMPLE_TASK_DEFINITION } from '../example.js'
import { loadTaskDefinition } from '../taskdef/index.js'
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
  const { client, restarted } = await connectDaemon(config, flags)
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
  try {
    for await (const ev of client.runTask({
      taskDefinition: def,
      ...inputs,
      cluster: flags.cluster,
      credentialsMode: config.credentialsMode,
      detach: flags.detach,
    })) {
      if (flags.json) process.stdout.write(printed(ev))
      if (ev.type === 'task') {
        taskId = ev.taskId
        taskArn = ev.taskArn
        if (signal) void client.stopTask(taskId).catch(() => {})
        if (!flags.json) process.stderr.write(`ecs-local: task ${ev.taskArn}\n`)
      } else if (ev.type === 'output' && !flags.json) {
        let text = ''
        for (const line of ev.lines) text += out.line(ev.container, line) + '\n'
        ;(ev.stream === 'stderr' ? process.stderr : process.stdout).write(text)
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
    }
  } catch (e) {
    // The daemon went away (crash, kill -9) after the task started: the task keeps running, and the next daemon
    // takes it over. Anything before that is an ordinary failure.
    if (!taskArn) throw e
    lost = true
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await client.close()
  }
  if (badInput) return 2
  if (taskArn && !failed && result === undefined && (lost || !signal)) {
    process.stderr.write(
      `ecs-local: lost the daemon; task ${taskArn} keeps running, and the next daemon takes it over ` +
        `(ecs-local ps, ecs-local stop ${taskId})\n`,
    )
    return EXIT_START_FAILED
  }
  if (failed || result?.type !== 'stopped') return EXIT_START_FAILED
  if (result.exitCode !== undefined) return result.exitCode
  return signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1
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
