import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { ControlClient } from '../../src/control/client.js'
import { cli, newStateDir, start } from '../helpers/cli.js'
import { containerOf, managedContainers, waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage, WHOAMI } from '../helpers/images.js'
import { idleCommand, writeTask } from '../helpers/tasks.js'

const run = promisify(execFile)

/** A foreground daemon on `stateDir`, and a client that waits until it answers. */
async function daemonOn(stateDir: string) {
  const env = { ECS_LOCAL_STATE_DIR: stateDir }
  const daemon = start(['daemon', '--aws', 'local'], env)
  const client = new ControlClient(join(stateDir, 'control.sock'))
  await waitFor('the daemon', async () => {
    if (daemon.child.exitCode !== null) throw new Error(`daemon exited: ${daemon.stderr()}`)
    return client.info().catch(() => undefined)
  })
  return { daemon, client, env }
}

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
