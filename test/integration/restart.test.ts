import { execFile, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import t from 'tap'
import { cli, daemonOn, newStateDir } from '../helpers/cli.js'
import { containerOf, managedContainers, waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage, WHOAMI } from '../helpers/images.js'
import { idleCommand, writeTask } from '../helpers/tasks.js'

const run = promisify(execFile)

t.test('kill -9 the daemon: the next one takes its running task over, same ids, and stops it later', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const before = await managedContainers()
  const first = await daemonOn(stateDir)
  t.teardown(() => cli(['daemon', 'stop'], first.env))
  const file = writeTask(stateDir, 'survivor', [
    { name: 'app', image, command: idleCommand },
    { name: 'helper', image, command: idleCommand, essential: false },
  ])
  const started = await cli(['run', '-d', file, '--aws', 'local'], first.env)
  t.equal(started.code, 0, started.stderr)
  const arn = started.stdout.trim()
  const app = await containerOf(arn, 'app')
  const whoami = async () => JSON.parse((await run('docker', ['exec', app, 'node', WHOAMI])).stdout) as { Arn: string }
  const identity = (await whoami()).Arn
  t.match(identity, /assumed-role\/survivor-task\//)

  first.daemon.child.kill('SIGKILL')
  await first.daemon.exited
  await first.client.close()
  t.equal(await containerOf(arn, 'app'), app, 'the task outlives its daemon')

  const second = await daemonOn(stateDir)
  t.teardown(async () => {
    second.daemon.child.kill('SIGTERM')
    await second.daemon.exited
    await second.client.close()
  })
  const tasks = await second.client.tasks()
  t.strictSame(
    tasks.map((x) => [x.taskArn, x.lastStatus]),
    [[arn, 'RUNNING']],
    'taken over, RUNNING',
  )
  // The container's environment still names the first daemon's credentials id: the new daemon serves it.
  t.match((await whoami()).Arn, /^arn:aws:sts::000000000000:assumed-role\/survivor-task\/ecs-local-[0-9a-f]{32}$/)
  const metadata = await run('docker', [
    'exec',
    app,
    'node',
    '-e',
    'fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + "/task").then(r => r.json()).then(j => console.log(j.TaskARN))',
  ])
  t.equal(metadata.stdout.trim(), arn, 'and its metadata endpoint id')
  t.match(second.daemon.stdout() + second.daemon.stderr(), 'took over 1 of 1 task(s) an earlier daemon left running')

  // The new daemon stops it on an essential exit, as the first would have, and leaves nothing behind.
  await run('docker', ['kill', app])
  await waitFor('the task to stop', async () => ((await second.client.tasks()).length === 0 ? true : undefined))
  t.strictSame(await managedContainers(), before, 'all its containers removed')
})

/** Reads lines from stdin; for each, signs calls with the credentials it cached and prints what it saw. */
const STEPS = `
import { createInterface } from 'node:readline'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import * as L from '@aws-sdk/client-cloudwatch-logs'
const sts = new STSClient({})
const logs = new L.CloudWatchLogsClient({})
const where = { logGroupName: '/app/steps', logStreamName: 'steps' }
for await (const step of createInterface({ input: process.stdin })) {
  const { accessKeyId } = await sts.config.credentials()
  const { Arn } = await sts.send(new GetCallerIdentityCommand({}))
  if (step === '1') {
    await logs.send(new L.CreateLogGroupCommand({ logGroupName: where.logGroupName }))
    await logs.send(new L.CreateLogStreamCommand(where))
  }
  await logs.send(new L.PutLogEventsCommand({ ...where, logEvents: [{ timestamp: Date.now(), message: 'step ' + step }] }))
  const { events } = await logs.send(new L.GetLogEventsCommand({ ...where, startFromHead: true }))
  console.log(JSON.stringify({ accessKeyId, Arn, messages: events.map((e) => e.message) }))
}
`

t.test('the local AWS outlives the daemon: an app keeps its cached keys and reads what it wrote before', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const first = await daemonOn(stateDir)
  t.teardown(() => cli(['daemon', 'stop'], first.env))
  const file = writeTask(stateDir, 'steps', [{ name: 'app', image, command: idleCommand }])
  const started = await cli(['run', '-d', file, '--aws', 'local'], first.env)
  t.equal(started.code, 0, started.stderr)
  const arn = started.stdout.trim()
  const app = await containerOf(arn, 'app')

  // One process across the restart, so that its SDK keeps the credentials it fetched before.
  const steps = spawn('docker', ['exec', '-i', app, 'node', '--input-type=module', '-e', STEPS])
  t.teardown(() => void steps.kill())
  const lines = createInterface({ input: steps.stdout })[Symbol.asyncIterator]()
  let stderr = ''
  steps.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const step = async (n: number) => {
    steps.stdin.write(`${n}\n`)
    const next = await lines.next()
    if (next.done) throw new Error(`the step process ended: ${stderr}`)
    return JSON.parse(next.value) as { accessKeyId: string; Arn: string; messages: string[] }
  }
  const one = await step(1)
  t.match(one, { Arn: /assumed-role\/steps-task\//, messages: ['step 1'] })

  first.daemon.child.kill('SIGKILL')
  await first.daemon.exited
  await first.client.close()
  const second = await daemonOn(stateDir)
  t.teardown(async () => {
    second.daemon.child.kill('SIGTERM')
    await second.daemon.exited
    await second.client.close()
  })

  const two = await step(2)
  t.equal(two.accessKeyId, one.accessKeyId, 'the same cached key, issued by the first daemon')
  t.equal(two.Arn, one.Arn, 'still signs as the task role')
  t.same(two.messages, ['step 1', 'step 2'], 'the log events written before the restart are still there')
  steps.stdin.end()
  await cli(['stop', arn], second.env)
})
