import t from 'tap'
import { cli, daemonOn, newStateDir, start } from '../helpers/cli.js'
import { waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { writeTask } from '../helpers/tasks.js'

// 30 ticks, one every 200 ms, then exit 3.
const TICKS =
  "let i = 0; const t = setInterval(() => { console.log('tick ' + i++); if (i === 30) { clearInterval(t); process.exitCode = 3 } }, 200)"

t.test('a foreground run whose daemon is killed follows its task on the next daemon, to its exit code', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const env = { ECS_LOCAL_STATE_DIR: stateDir }
  t.teardown(() => cli(['daemon', 'stop'], env))
  const { daemon: first, client: control } = await daemonOn(stateDir)
  await control.close()

  const file = writeTask(stateDir, 'reattach', [{ name: 'app', image, command: ['node', '-e', TICKS] }])
  const run = start(['run', file, '--aws', 'local'], env)
  await waitFor('the first ticks', async () => (/tick 5\b/.test(run.stdout()) ? true : undefined))
  first.child.kill('SIGKILL')
  await first.exited

  const ran = await run.exited
  t.equal(ran.code, 3, `the container's exit code, seen through the second daemon: ${ran.stderr}`)
  t.match(ran.stderr, /lost the daemon; following task arn:aws:ecs:\S+ on the daemon that took it over/)
  t.match(ran.stderr, 'stopped: Essential container in task exited')
  const ticks = [...ran.stdout.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]))
  t.strictSame(
    ticks,
    Array.from({ length: 30 }, (_, i) => i),
    'every line once, in order: none printed twice after the takeover, none lost in between',
  )
  t.equal((await cli(['ps'], env)).stdout.trim(), '[]', 'the task is gone from the new daemon too')
})
