import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { realProbes } from '../../src/doctor/realProbes.js'
import { startLocalAws } from '../localaws/helpers.js'

// The real probes against servers on this machine only: the embedded local AWS on a loopback port stands in for
// STS and ECR (reached through AWS_ENDPOINT_URL_*, as the SDK honours them), and the engine and control sockets are
// paths where nothing listens. No Docker engine is touched, and 169.254.170.2 is never bound.

const LOCKED = 'arn:aws:iam::111122223333:role/locked'
const OPEN = 'arn:aws:iam::111122223333:role/open'

const listening = (server: Server, host = '127.0.0.1'): Promise<number> =>
  new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)))

async function closedPort(): Promise<number> {
  const s = createServer()
  const port = await listening(s)
  await new Promise((r) => s.close(r))
  return port
}

const { local, endpoint } = await startLocalAws(t, { seed: { roles: [{ arn: LOCKED, trust: [] }, { arn: OPEN }] } })
const secret = local.rootCredentials.secretAccessKey
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: local.rootCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_ENDPOINT_URL_STS: endpoint,
  AWS_ENDPOINT_URL_ECR: endpoint,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
})
const dir = mkdtempSync(join(tmpdir(), 'ecsl-doctor-probes-'))
const config = loadConfig({ 'state-dir': dir }, { DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` })
const { probes, close } = realProbes(config)
t.teardown(close)

t.test('no daemon on the control socket, no engine on the Docker socket', async (t) => {
  t.equal(await probes.daemon(), undefined)
  await t.rejects(probes.engine(), { code: 'ENOENT' })
})

t.test("callerIdentity: the base credentials' identity, STS's Date and the endpoint it went to", async (t) => {
  const out = await probes.callerIdentity()
  t.match(out, { ok: true, value: { Arn: 'arn:aws:iam::000000000000:user/ecs-local' }, endpoint })
  t.ok(out.date instanceof Date && Math.abs(+out.date - Date.now()) < 5000, `date ${out.date?.toISOString()}`)
})

t.test('assumeRole: AccessDenied as STS sends it (with its Date); a success keeps no credentials', async (t) => {
  const denied = await probes.assumeRole({ roleArn: LOCKED, sessionName: 'ecs-local-doctor', durationSeconds: 900 })
  t.match(denied, { ok: false, error: { name: 'AccessDenied' }, endpoint })
  t.ok(denied.date, 'the error response was timed too')
  const out = await probes.assumeRole({ roleArn: OPEN, sessionName: 'ecs-local-doctor', durationSeconds: 900 })
  t.ok(out.ok)
  if (!out.ok) return
  t.same(Object.keys(out.value), ['AssumedRoleUser'])
  t.match(out.value.AssumedRoleUser?.Arn, 'assumed-role/open/ecs-local-doctor')
  t.notMatch(JSON.stringify(out), secret)
})

t.test('ecrEndpoint: any answer is reachable; a refused connection is not', async (t) => {
  t.match(await probes.ecrEndpoint('us-east-1'), { ok: true, endpoint, status: Number })
  const port = await closedPort()
  process.env.AWS_ENDPOINT_URL_ECR = `http://127.0.0.1:${port}`
  t.teardown(() => void (process.env.AWS_ENDPOINT_URL_ECR = endpoint))
  t.match(await probes.ecrEndpoint('us-east-1'), {
    ok: false,
    endpoint: `http://127.0.0.1:${port}`,
    error: { code: 'ECONNREFUSED' },
  })
})

t.test('bind: free, in use, and an address this host does not have', async (t) => {
  t.same(await probes.bind('127.0.0.1', await closedPort()), { ok: true })
  const taken = createServer()
  const port = await listening(taken)
  t.teardown(() => taken.close())
  t.match(await probes.bind('127.0.0.1', port), { ok: false, code: 'EADDRINUSE' })
  // TEST-NET-1 (RFC 5737): on no interface here; a bind attempt sends nothing.
  t.match(await probes.bind('192.0.2.1', 0), { ok: false, code: 'EADDRNOTAVAIL' })
})
