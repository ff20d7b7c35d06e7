import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { ControlClient } from '../../src/control/client.js'
import { createDockerClient } from '../../src/docker/client.js'
import { inspectImage } from '../../src/docker/images.js'
import { ensureNodeImage } from '../../src/docker/nodeImage.js'
import { cli, newStateDir } from '../helpers/cli.js'
import { waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))

/** A hash of what goes into the daemon image, so an unchanged tree reuses it. */
function treeHash(paths: string[]): string {
  const h = createHash('sha256')
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f))
    else h.update(`${p}\n`).update(readFileSync(p))
  }
  for (const p of paths) walk(join(root, p))
  return h.digest('hex').slice(0, 16)
}

t.test('compose.yaml: the daemon in a container holds 169.254.170.2 and serves the task role', async (t) => {
  const docker = createDockerClient()
  const sdkImage = await ensureNodeSdkImage()
  // No registry: the Dockerfile's NODE_IMAGE is this machine's node, assembled locally.
  const base = await ensureNodeImage(docker, {
    tag: 'ecs-local-test/node-base',
    packages: [],
    nodeModulesDir: join(root, 'node_modules'),
    labels: { 'ecs-local-test': 'true' },
  })
  const tag = `ecs-local-test/daemon:${treeHash(['dist', 'examples', 'package-lock.json', 'docker/Dockerfile'])}`
  if (!(await inspectImage(docker, tag))) {
    await run('bash', [join(root, 'docker/build.sh'), tag, base], { maxBuffer: 64 << 20, timeout: 600_000 })
  }

  // The host placement's network (gateway .2) would clash with compose's (gateway .1).
  await cli(['daemon', 'stop'])
  await run('docker', ['network', 'rm', 'ecs-local']).catch(() => undefined)
  const stateDir = newStateDir()
  const env = { ...process.env, ECS_LOCAL_IMAGE: tag, ECS_LOCAL_STATE_DIR: stateDir }
  const compose = (...args: string[]) =>
    run('docker-compose', ['-p', 'ecslocaltest', '-f', join(root, 'compose.yaml'), ...args], { env })
  t.teardown(async () => {
    await compose('down', '--timeout', '5').catch(() => undefined)
  })
  await compose('up', '-d')

  const client = new ControlClient(join(stateDir, 'control.sock'))
  t.teardown(() => client.close())
  const info = await waitFor('the daemon in its container', () => client.info().catch(() => undefined))
  t.equal(info.aws, 'local')
  t.not(info.pid, process.pid)

  const file = writeTask(stateDir, 'composed', [{ name: 'app', image: sdkImage }])
  const r = await cli(['run', file, '--aws', 'local', '--json'], { ECS_LOCAL_STATE_DIR: stateDir })
  t.equal(r.code, 0, r.stderr)
  t.match(
    jsonOutputOf<{ Arn: string }>(r, 'app')[0]?.Arn,
    /^arn:aws:sts::000000000000:assumed-role\/composed-task\/ecs-local-[0-9a-f]{32}$/,
    'the task role, served from the daemon container',
  )
})
