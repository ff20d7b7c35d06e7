import { execFile, spawn } from 'node:child_process'
import { openSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

const run = promisify(execFile)

/** Restarts the Docker engine as it was started: systemd's unit, or the same dockerd command line again. */
async function restartEngine(): Promise<void> {
  const systemd = await run('systemctl', ['is-active', 'docker']).then(
    () => true,
    () => false,
  )
  if (systemd) {
    await run('systemctl', ['restart', 'docker'])
  } else {
    const pid = (await run('pgrep', ['-xo', 'dockerd'])).stdout.trim()
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    process.kill(Number(pid), 'SIGTERM')
    await waitFor(
      'dockerd to exit',
      async () =>
        await run('kill', ['-0', pid]).then(
          () => undefined,
          () => true,
        ),
      60_000,
    )
    const log = openSync('/tmp/ecs-local-test-dockerd-restart.log', 'a')
    spawn(argv[0] as string, argv.slice(1), { detached: true, stdio: ['ignore', log, log] }).unref()
  }
  await waitFor(
    'dockerd to answer',
    () =>
      run('docker', ['info']).then(
        () => true,
        () => undefined,
      ),
    60_000,
  )
}

t.test(
  'the Docker engine restarts under a running daemon: it reconnects, and a task started afterwards works',
  async (t) => {
    const image = await ensureNodeSdkImage()
    const d = await startDaemon(['--aws', 'local'])
    t.teardown(d.stop)
    const file = writeTask(d.stateDir, 'afterrestart', [{ name: 'app', image }])
    const logOf = () => d.daemon.stdout() + d.daemon.stderr()

    await restartEngine()
    await waitFor('the daemon to reconnect', () => logOf().includes('reconnected to the Docker engine') || undefined)
    t.equal(logOf().split('lost the Docker engine').length - 1, 1, 'the loss is logged once')

    const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
    t.equal(r.code, 0, r.stderr)
    t.match(
      jsonOutputOf<{ Arn: string }>(r, 'app')[0]?.Arn,
      /^arn:aws:sts::000000000000:assumed-role\/afterrestart-task\/ecs-local-[0-9a-f]{32}$/,
      'the same daemon serves the new task its role',
    )
  },
)
