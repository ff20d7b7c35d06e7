import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { ensurePauseImage } from '../../src/docker/pauseImage.js'
import type { DoctorReport } from '../../src/doctor/report.js'
import type { CheckResult } from '../../src/doctor/result.js'
import { cli, newStateDir } from '../helpers/cli.js'
import { startLocalAws } from '../localaws/helpers.js'

// `ecs-local doctor --json` as users run it, against setups broken on purpose, each failure asserted with its fix.
// Nothing leaves this machine: every AWS endpoint is a loopback port (the embedded local AWS standing in for STS
// and ECR in real-AWS mode, or a closed port), the credential chain is given empty files, and IMDS is off.

const run = promisify(execFile)
const CLASH = 'ecsl-doctor-clash'
const CLASH_USER = 'ecsl-doctor-clash-user'
const LOCKED = 'arn:aws:iam::111122223333:role/ecsl-doctor-locked'
const OPEN = 'arn:aws:iam::111122223333:role/ecsl-doctor-open'
const ECR_IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/ecsl-doctor:1'

const listening = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, exclusive: true }, () => resolve())
  })

async function closedPort(): Promise<number> {
  const s = createServer()
  await listening(s, 0, '127.0.0.1')
  const { port } = s.address() as { port: number }
  await new Promise((r) => s.close(r))
  return port
}

const dir = newStateDir()
const empty = join(dir, 'empty')
writeFileSync(empty, '')
const nowhere = `http://127.0.0.1:${await closedPort()}`

/**
 * An environment where the credential chain finds nothing and every AWS endpoint is a closed loopback port,
 * whatever the machine running the tests has set; each test adds what it needs. Its own state dir: no daemon.
 */
function offline(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ECS_LOCAL_STATE_DIR: newStateDir(),
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_CONFIG_FILE: empty,
    AWS_PROFILE: '',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: nowhere,
    AWS_ENDPOINT_URL_STS: nowhere,
    AWS_ENDPOINT_URL_ECR: nowhere,
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  }
}

async function doctor(t: Test, args: string[], env: Record<string, string>) {
  const r = await cli(['doctor', '--json', ...args], env)
  let doc: DoctorReport
  try {
    doc = JSON.parse(r.stdout) as DoctorReport
  } catch (e) {
    throw new Error(`doctor printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`, { cause: e })
  }
  t.equal(r.code, doc.ok ? 0 : 1, 'exit 0 without a FAIL, 1 with one')
  t.equal(doc.ok, !doc.checks.some((c) => c.status === 'FAIL'))
  for (const c of doc.checks) t.equal('fix' in c, c.status === 'warn' || c.status === 'FAIL', `${c.name}: fix`)
  const check = (name: string): CheckResult => {
    const found = doc.checks.find((c) => c.name === name)
    if (!found) throw new Error(`no check ${name} in ${r.stdout}`)
    return found
  }
  return { ...r, doc, check }
}

/** A task definition file with these roles (and no other) and one container of this image. */
function task(family: string, image: string, roles: { taskRoleArn?: string; executionRoleArn?: string }): string {
  const file = join(dir, `${family}.json`)
  writeFileSync(file, JSON.stringify({ family, ...roles, containerDefinitions: [{ name: 'app', image }] }))
  return file
}

// One daemon per engine: none may hold the port or the network while these run.
await cli(['daemon', 'stop'])

t.test('a subnet clash: another network on 169.254.170.0/25, with a container on it', async (t) => {
  const networks = (await run('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n')
  if (networks.includes('ecs-local')) {
    // Docker refuses an overlapping network next to it; the daemon makes it anew when it next starts.
    const removed = await run('docker', ['network', 'rm', 'ecs-local']).then(
      () => true,
      () => false,
    )
    // Like the rest of the suite, this never skips: a setup it cannot make is a failure that says why.
    if (!removed)
      throw new Error('the ecs-local network is in use (docker network inspect ecs-local), so no clash can be made')
  }
  const pause = await ensurePauseImage(createDockerClient())
  // The container first (by force: the pause process ignores SIGTERM), then the network it was on.
  t.teardown(async () => {
    await run('docker', ['rm', '-f', CLASH_USER]).catch(() => undefined)
    await run('docker', ['network', 'rm', CLASH]).catch(() => undefined)
  })
  await run('docker', ['network', 'create', '--subnet', '169.254.170.0/25', '--label', 'ecs-local-test=true', CLASH])
  await run('docker', ['run', '-d', '--name', CLASH_USER, '--network', CLASH, '--label', 'ecs-local-test=true', pause])

  const r = await doctor(t, [], offline())
  t.equal(r.code, 1)
  t.match(r.check('engine'), { status: 'ok', detail: /^Docker Engine \S+ .*; API \d+\.\d+.*negotiated/ })
  const network = r.check('network')
  t.match(network, { status: 'FAIL', code: 'ECSL_ERR_NETWORK' })
  t.equal(
    network.detail,
    `network ${CLASH} (subnet 169.254.170.0/25) overlaps 169.254.170.0/24: Docker will refuse to create ecs-local`,
  )
  t.equal(
    network.fix,
    `docker network rm ${CLASH} (containers attached now: ${CLASH_USER}; stop them, or ` +
      `docker network disconnect ${CLASH} ${CLASH_USER}, first)`,
  )
  // The host holds .1 of the clashing network, not .2, and ecs-local (whose gateway would give it .2) cannot be made.
  t.match(r.check('endpoint'), {
    status: 'skip',
    detail: /169\.254\.170\.2 is on no interface: .*cannot be created yet/,
  })
  t.match(r.check('clock'), { status: 'ok', detail: /the Docker engine's clock/ })

  const text = await cli(['doctor'], offline())
  t.equal(text.code, 1)
  t.match(text.stdout, new RegExp(`^FAIL  network +network ${CLASH} \\(subnet 169\\.254\\.170\\.0/25\\)`, 'm'))
  t.match(text.stdout, new RegExp(`^      fix: docker network rm ${CLASH} `, 'm'))
})

t.test('no base credentials: empty credentials and config files', async (t) => {
  const file = task('ecsl-doctor-nocreds', 'busybox', { taskRoleArn: OPEN })
  const r = await doctor(t, [file], offline())
  t.equal(r.code, 1)
  t.match(r.check('task-definition'), { status: 'ok' })
  const base = r.check('base-credentials')
  t.match(base, { status: 'FAIL', code: 'ECSL_ERR_ASSUME_ROLE' })
  t.match(base.detail, /^no base credentials from the SDK default chain: CredentialsProviderError: /)
  t.match(base.fix, 'aws configure')
  t.match(base.fix, 'without an AWS account, use --aws local')
  t.match(r.check('task-role'), { status: 'skip', detail: `${OPEN}: needs base credentials (see base-credentials)` })
  t.match(r.check('execution-role'), { status: 'skip', detail: 'no executionRoleArn in the task definition' })
  t.match(r.check('ecr'), { status: 'skip', detail: 'no ECR image in the task definition' })

  const named = await doctor(t, ['--profile', 'ecsl-doctor-none'], offline())
  const profile = named.check('base-credentials')
  t.match(profile, { status: 'FAIL', detail: /^no base credentials from profile ecsl-doctor-none: / })
  t.match(profile.fix, 'check that profile ecsl-doctor-none exists in ~/.aws/config or ~/.aws/credentials')
})

t.test('STS unreachable: the base credentials cannot be checked, the fix is the network', async (t) => {
  const env = offline({ AWS_ACCESS_KEY_ID: 'AKIAECSLDOCTOREXAMPL', AWS_SECRET_ACCESS_KEY: 'ecsl-doctor-not-a-secret' })
  const r = await doctor(t, [task('ecsl-doctor-nosts', 'busybox', { taskRoleArn: OPEN })], env)
  const host = new URL(nowhere).host
  t.match(r.check('base-credentials'), {
    status: 'FAIL',
    detail: new RegExp(`^STS does not answer at ${host}: .*ECONNREFUSED`),
    fix: new RegExp(`^check proxy/VPN/DNS for ${host}`),
  })
  t.match(r.check('task-role'), { status: 'skip' })
  t.notMatch(r.stdout, 'ecsl-doctor-not-a-secret')
})

t.test('a task role that does not trust the caller (real-AWS mode against the local STS)', async (t) => {
  // The embedded local AWS plays STS and ECR here, reached as the SDK reaches any endpoint: a role whose trust
  // names nobody answers AccessDenied in STS's own words.
  const { local, endpoint } = await startLocalAws(t, { seed: { roles: [{ arn: LOCKED, trust: [] }, { arn: OPEN }] } })
  const { accessKeyId, secretAccessKey } = local.rootCredentials
  const env = offline({
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_ECR: endpoint,
  })
  const file = task('ecsl-doctor-roles', ECR_IMAGE, { taskRoleArn: LOCKED, executionRoleArn: OPEN })
  const r = await doctor(t, [file], env)
  t.equal(r.code, 1)
  const caller = 'arn:aws:iam::000000000000:user/ecs-local'
  t.match(r.check('base-credentials'), { status: 'ok', detail: new RegExp(`^${caller} \\(account 000000000000`) })
  const role = r.check('task-role')
  t.match(role, { status: 'FAIL', code: 'ECSL_ERR_ASSUME_ROLE' })
  t.equal(
    role.detail,
    `${LOCKED}: AccessDenied: User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${LOCKED}`,
  )
  t.match(role.fix, `Add this statement to the trust policy of ${LOCKED}:`)
  t.match(role.fix, `{"Effect":"Allow","Principal":{"AWS":"${caller}"},"Action":"sts:AssumeRole"}`)
  t.match(r.check('execution-role'), {
    status: 'ok',
    detail: `${OPEN} can be assumed (session arn:aws:sts::111122223333:assumed-role/ecsl-doctor-open/ecs-local-doctor)`,
  })
  t.match(r.check('ecr us-east-1'), { status: 'ok', detail: `${new URL(endpoint).host} answers (HTTP ` })
  t.match(r.check('clock'), { status: 'ok', detail: /STS's clock/ })
  t.notMatch(r.stdout, secretAccessKey, 'no secret printed')
})

t.test('ECR unreachable for an ECR image', async (t) => {
  const { local, endpoint } = await startLocalAws(t)
  const env = offline({
    AWS_ACCESS_KEY_ID: local.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.rootCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_STS: endpoint,
  })
  const r = await doctor(t, [task('ecsl-doctor-ecr', ECR_IMAGE, { executionRoleArn: OPEN })], env)
  t.equal(r.code, 1)
  const host = new URL(nowhere).host
  const ecr = r.check('ecr us-east-1')
  t.match(ecr, { status: 'FAIL', code: 'ECSL_ERR_RESOURCE_INIT' })
  t.match(ecr.detail, `${host} does not answer: connect ECONNREFUSED`)
  t.match(ecr.detail, `${ECR_IMAGE} needs an authorization token from ${host}`)
  t.match(ecr.fix, new RegExp(`^check proxy/VPN/DNS for ${host}`))
})

t.test('port 80 of 169.254.170.2 taken by another process', async (t) => {
  if (process.getuid?.() !== 0) throw new Error('this test binds port 80: run it as root, as the suite runs')
  const networks = (await run('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n')
  if (!networks.includes('ecs-local')) {
    // The network as the daemon makes it in host placement: its gateway gives this host 169.254.170.2.
    await run('docker', [
      'network',
      'create',
      '--subnet',
      '169.254.170.0/24',
      '--gateway',
      '169.254.170.2',
      '--label',
      'ecs-local=true',
      'ecs-local',
    ])
    t.teardown(() => run('docker', ['network', 'rm', 'ecs-local']).catch(() => undefined))
  }
  const squatter = createServer()
  const held = await listening(squatter, 80, '169.254.170.2').then(
    () => true,
    () => false,
  )
  if (!held)
    throw new Error("169.254.170.2:80 cannot be taken: see ss -ltnp 'sport = :80' and docker network inspect ecs-local")
  t.teardown(() => new Promise((r) => squatter.close(r)))
  const r = await doctor(t, [], offline())
  t.equal(r.code, 1)
  t.match(r.check('network'), {
    status: 'ok',
    detail: /^ecs-local present: subnet 169\.254\.170\.0\/24, gateway 169\.254\.170\.2/,
  })
  const endpoint = r.check('endpoint')
  t.match(endpoint, { status: 'FAIL', code: 'ECSL_ERR_DAEMON' })
  t.match(endpoint.detail, 'another process listens on port 80 of 169.254.170.2')
  t.match(endpoint.fix, "find it with: ss -ltnp 'sport = :80' and stop it")
})

t.test('--aws local: no base credentials needed, roles not asked', async (t) => {
  const file = task('ecsl-doctor-local', ECR_IMAGE, { taskRoleArn: LOCKED, executionRoleArn: OPEN })
  const r = await doctor(t, [file, '--aws', 'local'], offline())
  t.match(r.check('base-credentials'), {
    status: 'ok',
    detail: 'embedded local AWS (--aws local): no base credentials needed',
  })
  t.match(r.check('task-role'), { status: 'skip', detail: /--aws local/ })
  t.match(r.check('execution-role'), { status: 'skip', detail: /--aws local/ })
  t.match(r.check('ecr'), { status: 'skip', detail: /embedded local AWS/ })
})

t.test('no engine on the socket', async (t) => {
  const r = await doctor(t, [], offline({ DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` }))
  t.equal(r.code, 1)
  const engine = r.check('engine')
  t.match(engine, { status: 'FAIL', code: 'ECSL_ERR_DOCKER_UNAVAILABLE' })
  t.match(engine.detail, `no Docker engine answers at unix://${join(dir, 'no-engine.sock')}`)
  t.match(engine.fix, 'sudo systemctl start docker')
  t.match(r.check('network'), { status: 'skip', detail: 'needs the Docker engine (see engine)' })
})

t.test('a task definition that does not load', async (t) => {
  const file = join(dir, 'broken.json')
  writeFileSync(file, '{"family":"x","containerDefinitions":[{"name":"app"}]}')
  const r = await doctor(t, [file], offline())
  t.match(r.check('task-definition'), {
    status: 'FAIL',
    code: 'ECSL_ERR_TASKDEF_INVALID',
    detail: /containerDefinitions\[0\] \(app\)\.image is required/,
  })
})
