import t from 'tap'
import { cli, daemonOn, newStateDir } from '../helpers/cli.js'
import { waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { writeTask } from '../helpers/tasks.js'

// Needs the local AWS's log store to outlive its daemon (it lives in the state directory): the events the first
// daemon stored must still be readable from the second.

interface StoredEvent {
  message: string
  timestamp: number
  ingestionTime: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const GROUP = 'kill-resume'
// A numbered line every 5 ms; PID 1 handles SIGTERM itself.
const SCRIPT = `const fs = require('fs'); let i = 0
  process.on('SIGTERM', () => process.exit(0))
  setInterval(() => fs.writeSync(1, 'n ' + i++ + '\\n'), 5)`

// The task role's SDK calls STS in a loop through the restart; on SIGTERM it prints what it saw: how many calls,
// the errors by code or name, and the longest stretch from a failed call to the next good one.
const STS_LOOP = `
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
const sts = new STSClient({})
const seen = { calls: 0, ok: 0, errors: {}, longestOutageMs: 0, arns: [] }
let failingSince
let stopping = false
process.on('SIGTERM', () => (stopping = true))
while (!stopping) {
  seen.calls++
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}))
    seen.ok++
    if (!seen.arns.includes(Arn)) seen.arns.push(Arn)
    if (failingSince !== undefined) seen.longestOutageMs = Math.max(seen.longestOutageMs, Date.now() - failingSince)
    failingSince = undefined
  } catch (e) {
    // A refused connection is a plain Error with a code; an AWS error has its name (InvalidClientTokenId, ...).
    const kind = e.code ?? e.name
    seen.errors[kind] = (seen.errors[kind] ?? 0) + 1
    failingSince ??= Date.now()
  }
  await new Promise((r) => setTimeout(r, 50))
}
console.log(JSON.stringify(seen))
`

interface StsSeen {
  calls: number
  ok: number
  errors: Record<string, number>
  longestOutageMs: number
  arns: string[]
}

t.test('kill -9 the daemon while a container logs through awslogs: every line once, in order', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const first = await daemonOn(stateDir)
  t.teardown(() => cli(['daemon', 'stop'], first.env))
  const file = writeTask(stateDir, 'killresume', [
    {
      name: 'app',
      image,
      command: ['node', '-e', SCRIPT],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': GROUP,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
          'awslogs-create-group': 'true',
          'awslogs-force-flush-interval-seconds': '1',
        },
      },
    },
    {
      name: 'sts',
      image,
      command: ['node', '--input-type=module', '-e', STS_LOOP],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `${GROUP}-sts`,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
          'awslogs-create-group': 'true',
        },
      },
    },
  ])
  const started = await cli(['run', '-d', file, '--aws', 'local'], first.env)
  t.equal(started.code, 0, started.stderr)
  const arn = started.stdout.trim()
  await waitFor('the first batches', async () =>
    (await first.client.localAwsLogCount(GROUP)) >= 200 ? true : undefined,
  )

  first.daemon.child.kill('SIGKILL')
  await first.daemon.exited
  await first.client.close()
  const killedAt = Date.now()
  await sleep(1000) // the container logs on, with no daemon to read it

  const second = await daemonOn(stateDir)
  const restartedAt = Date.now()
  t.teardown(async () => {
    second.daemon.child.kill('SIGTERM')
    await second.daemon.exited
    await second.client.close()
  })
  t.strictSame(
    (await second.client.tasks()).map((x) => [x.taskArn, x.lastStatus]),
    [[arn, 'RUNNING']],
  )
  await sleep(2000) // and on, with the new daemon reading it live
  await second.client.stopTask(arn)
  await waitFor('the task to stop', async () => ((await second.client.tasks()).length === 0 ? true : undefined))

  const outage = restartedAt - killedAt
  const [summary] = (await second.client.localAwsLogs<StoredEvent>(`${GROUP}-sts`)).map(
    (e) => JSON.parse(e.message) as StsSeen,
  )
  t.ok(summary && summary.ok > 20, `the SDK's loop ran through the restart: ${JSON.stringify(summary)}`)
  t.match(summary?.arns, [/^arn:aws:sts::000000000000:assumed-role\/killresume-task\//], 'as the task role only')
  t.strictSame(
    Object.keys(summary?.errors ?? {}).filter((name) => !/ECONNREFUSED|ECONNRESET|TimeoutError|socket/i.test(name)),
    [],
    'it only ever failed to connect: its cached keys were never refused (no InvalidClientTokenId, no ExpiredToken)',
  )
  // Down while no daemon ran, plus at most the SDK's own retries (3 attempts, backoff under a second each).
  t.ok(
    (summary?.longestOutageMs ?? Infinity) < outage + 5000,
    `longest failing stretch ${summary?.longestOutageMs} ms, daemon down ${outage} ms`,
  )

  const events = await second.client.localAwsLogs<StoredEvent>(GROUP)
  const numbers = events.map((e) => Number(/^n (\d+)\n?$/.exec(e.message)?.[1] ?? NaN))
  t.ok(numbers.length > 600, `${numbers.length} lines, from before, during and after the gap`)
  const wrong = numbers.flatMap((n, i) => (n === i ? [] : [`#${i}: ${n}`]))
  t.strictSame(wrong.slice(0, 10), [], 'every number exactly once, in order, none missing')
  t.ok(
    events.every((e, i) => i === 0 || e.ingestionTime >= events[i - 1]!.ingestionTime),
    'sent in the order they were logged',
  )
  t.ok(
    events.some((e) => e.timestamp > killedAt && e.timestamp < restartedAt),
    'lines logged while no daemon ran carry the time they were logged',
  )
  t.match(second.daemon.stdout() + second.daemon.stderr(), 'took over 1 of 1 task(s) an earlier daemon left running')
  t.notMatch(second.daemon.stdout() + second.daemon.stderr(), /no saved log position|does not hold its whole output/)
})
