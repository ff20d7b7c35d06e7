import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { ControlClient } from '../../src/control/client.js'
import { createDockerClient } from '../../src/docker/client.js'
import { inspectImage } from '../../src/docker/images.js'
import { ensureNodeImage } from '../../src/docker/nodeImage.js'
import { cli, newStateDir } from '../helpers/cli.js'
import { waitFor } from '../helpers/docker.js'
import { ensureAwscliImage, ensureNodeSdkImage } from '../helpers/images.js'
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

interface Whoami {
  service: string
  credentials: { status: number; roleArn?: string; code?: string }
  identity?: string
  task?: { family?: string; arn?: string; status?: string | number }
}

t.test('compose.yaml: the daemon in a container holds 169.254.170.2 and serves each service its role', async (t) => {
  const docker = createDockerClient()
  const sdkImage = await ensureNodeSdkImage()
  const awscliImage = await ensureAwscliImage()
  // No registry: the Dockerfile's NODE_IMAGE is this machine's node, and its npm where the official images keep it.
  const npm = dirname(dirname(realpathSync((await run('sh', ['-c', 'command -v npm'])).stdout.trim())))
  const base = await ensureNodeImage(docker, {
    tag: 'ecs-local-test/node-base',
    packages: [],
    nodeModulesDir: join(root, 'node_modules'),
    files: { '/usr/local/lib/node_modules/npm': npm },
    labels: { 'ecs-local-test': 'true' },
  })
  const inputs = ['src', 'examples', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']
  const tag = `ecs-local-test/daemon:${treeHash([...inputs, 'docker/Dockerfile', '.dockerignore'])}`
  if (!(await inspectImage(docker, tag))) {
    await run('bash', [join(root, 'docker/build.sh'), tag, base], { maxBuffer: 64 << 20, timeout: 600_000 })
  }

  // The image holds the daemon's production dependencies only, and says when it is healthy.
  const probe = await run('docker', [
    'run',
    '--rm',
    '--entrypoint',
    'node',
    '-w',
    '/opt/ecs-local',
    tag,
    '-e',
    "console.log(['typescript', 'tap', 'fastify'].map((p) => { try { require.resolve(p); return p } catch { return '-' } }).join(' '))",
  ])
  t.equal(probe.stdout.trim(), '- - fastify', 'no dev dependencies in the image')
  const health = await run('docker', ['inspect', tag, '--format', '{{json .Config.Healthcheck.Test}}'])
  t.strictSame(JSON.parse(health.stdout), ['CMD', 'node', '/opt/ecs-local/dist/cli/main.js', 'ps'])

  // The host placement's network (gateway .2) would clash with compose's (gateway .1).
  await cli(['daemon', 'stop'])
  await run('docker', ['network', 'rm', 'ecs-local']).catch(() => undefined)
  const stateDir = newStateDir()
  const env = {
    ...process.env,
    ECS_LOCAL_IMAGE: tag,
    ECS_LOCAL_STATE_DIR: stateDir,
    ECS_LOCAL_TEST_AWSCLI_IMAGE: awscliImage,
  }
  const files = ['-f', join(root, 'compose.yaml'), '-f', join(root, 'test/fixtures/compose/botocore.yaml')]
  const compose = (...args: string[]) => run('docker-compose', ['-p', 'ecslocaltest', ...files, ...args], { env })
  /** The JSON lines a service printed so far (docker-compose prefixes each with `name_1  | `). */
  const lines = async (service: string): Promise<string[]> => {
    const { stdout } = await compose('logs', '--no-color', service)
    return stdout.split('\n').map((l) => l.slice(l.indexOf('|') + 1).trim())
  }
  const printed = async <T>(service: string): Promise<T[]> =>
    (await lines(service)).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as T)
  const exec = (service: string, script: string) =>
    compose('exec', '-T', service, 'node', '--input-type=module', '-e', script).then((r) => r.stdout.trim())
  t.teardown(async () => {
    await compose('down', '--timeout', '5').catch(() => undefined)
  })
  await compose('up', '-d')

  const client = new ControlClient(join(stateDir, 'control.sock'))
  t.teardown(() => client.close())
  const info = await waitFor('the daemon in its container', () => client.info().catch(() => undefined))
  t.equal(info.aws, 'local')
  t.not(info.pid, process.pid)

  // Two labelled services (the JS SDK v3), each with its own role and metadata; one without a label.
  const first = (service: string) => waitFor(service, async () => (await printed<Whoami>(service))[0])
  const reader = await first('reader')
  t.strictSame(reader.credentials, { status: 200, roleArn: 'arn:aws:iam::111122223333:role/example-reader' })
  t.match(reader.identity, /^arn:aws:sts::111122223333:assumed-role\/example-reader\/ecs-local-[0-9a-f]{32}$/)
  t.match(reader.task, { family: 'reader', status: 'RUNNING', arn: /^arn:aws:ecs:us-east-1:111122223333:task\// })
  const writer = await first('writer')
  t.match(writer.identity, /^arn:aws:sts::111122223333:assumed-role\/example-writer\/ecs-local-[0-9a-f]{32}$/)
  t.match(writer.task, { family: 'example-writer', status: 'RUNNING' })
  t.not(writer.task?.arn, reader.task?.arn, 'one task per service')
  const norole = await first('norole')
  t.strictSame(norole.credentials, { status: 403, code: 'AccessDenied' }, 'no label: 403')
  t.strictSame(norole.task, { status: 404 }, 'no label: no metadata')

  // One service cannot get another's credentials: the fixed id gives the caller its own role, and the
  // role-by-name paths of amazon-ecs-local-container-endpoints are off unless asked for.
  const ask = (path: string) =>
    `const r = await fetch('http://169.254.170.2${path}'); const b = await r.json().catch(() => ({})); ` +
    `console.log(r.status, b.RoleArn ?? b.code ?? '')`
  t.equal(await exec('reader', ask('/v2/credentials/compose')), '200 arn:aws:iam::111122223333:role/example-reader')
  t.equal(await exec('norole', ask('/v2/credentials/compose')), '403 AccessDenied')
  t.match(await exec('reader', ask('/role-arn/arn:aws:iam::111122223333:role/example-writer')), /^404/)
  const tags = await exec(
    'reader',
    "const r = await fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/taskWithTags'); " +
      'console.log(JSON.stringify((await r.json()).TaskTags))',
  )
  t.strictSame(JSON.parse(tags), { app: 'example', role: 'reader' }, 'ecs-local.tags as TaskTags')

  // botocore (awscli), on compose's default network only: the daemon connects it to ecs-local.
  const boto = await waitFor('boto', async () => (await lines('boto')).find((l) => l.startsWith('arn:')))
  t.match(boto, /^arn:aws:sts::444455556666:assumed-role\/boto-service\/ecs-local-[0-9a-f]{32}$/)

  const file = writeTask(stateDir, 'composed', [{ name: 'app', image: sdkImage }])
  const r = await cli(['run', file, '--aws', 'local', '--json'], { ECS_LOCAL_STATE_DIR: stateDir })
  t.equal(r.code, 0, r.stderr)
  t.match(
    jsonOutputOf<{ Arn: string }>(r, 'app')[0]?.Arn,
    /^arn:aws:sts::000000000000:assumed-role\/composed-task\/ecs-local-[0-9a-f]{32}$/,
    'the task role, served from the daemon container',
  )
})
