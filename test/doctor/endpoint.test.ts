import t from 'tap'
import { checkEndpoint } from '../../src/doctor/checks/endpoint.js'
import type { BindOutcome } from '../../src/doctor/probes.js'
import { config, fakeProbes } from './fakeProbes.js'

const daemon = (port: number) => ({
  version: '0.1.0',
  pid: 77,
  aws: 'default',
  region: 'us-east-1',
  endpoint: { host: '169.254.170.2', port },
})
const refused = (code: string): BindOutcome => ({ ok: false, code, message: `listen ${code} 169.254.170.2:80` })
const bindingTo = (outcome: BindOutcome) => fakeProbes({ bind: async () => outcome })

t.test('a running ecs-local daemon holding port 80 is fine, and is not disturbed', async (t) => {
  const probes = fakeProbes()
  const r = await checkEndpoint(probes, config(), daemon(80), 'expected')
  t.match(r, {
    name: 'endpoint',
    status: 'ok',
    detail: '169.254.170.2:80 is held by the running ecs-local daemon (pid 77)',
  })
  t.same(probes.recorded.bound, [], 'no bind attempted')
})

t.test('a running daemon on the fallback port: FULL_URI, and how to get port 80', async (t) => {
  const r = await checkEndpoint(fakeProbes(), config(), daemon(51679), 'expected')
  t.match(r, { status: 'warn' })
  t.match(r.detail, 'AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.2:51679/v2/credentials/<id>')
  t.match(r.fix, 'cap_net_bind_service')
})

t.test('port 80 can be bound: ok, and it was 169.254.170.2:80 that was tried', async (t) => {
  const probes = fakeProbes()
  t.match(await checkEndpoint(probes, config(), undefined, 'expected'), {
    status: 'ok',
    detail: '169.254.170.2:80 can be bound',
  })
  t.same(probes.recorded.bound, ['169.254.170.2:80'])
})

t.test('EACCES: a warning; the daemon falls back to the high port and gives FULL_URI', async (t) => {
  const r = await checkEndpoint(bindingTo(refused('EACCES')), config(), undefined, 'expected')
  t.match(r, { status: 'warn' })
  t.match(
    r.detail,
    'cannot bind 169.254.170.2:80 without root or CAP_NET_BIND_SERVICE: the daemon serves on port 51679',
  )
  t.match(r.detail, 'AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.2:51679/v2/credentials/<id>')
  t.match(r.fix, 'run the daemon as root, or let node bind low ports: sudo setcap cap_net_bind_service=+ep')
})

t.test('EADDRINUSE: a failure, and how to find the process', async (t) => {
  const r = await checkEndpoint(bindingTo(refused('EADDRINUSE')), config(), undefined, 'expected')
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_DAEMON' })
  t.match(r.detail, 'another process listens on port 80 of 169.254.170.2')
  t.match(r.fix, "find it with: ss -ltnp 'sport = :80' and stop it")
})

t.test('EADDRNOTAVAIL in host placement before the network exists: fine, explained', async (t) => {
  const r = await checkEndpoint(bindingTo(refused('EADDRNOTAVAIL')), config(), undefined, 'absent')
  t.match(r, { status: 'ok' })
  t.match(
    r.detail,
    '169.254.170.2 is on no interface yet: the daemon creates the ecs-local network, whose gateway gives this host that address',
  )
})

t.test('EADDRNOTAVAIL although the network exists: another network namespace than the engine', async (t) => {
  const r = await checkEndpoint(bindingTo(refused('EADDRNOTAVAIL')), config(), undefined, 'expected')
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_DAEMON' })
  t.match(r.detail, "does not share the engine's network namespace")
  t.match(r.fix, 'container placement (docker compose up')
})

t.test('EADDRNOTAVAIL with a wrong, blocked or unknown network: left to the network check', async (t) => {
  const wrong = await checkEndpoint(bindingTo(refused('EADDRNOTAVAIL')), config(), undefined, 'mismatch')
  t.match(wrong, { status: 'skip', detail: /has another gateway \(see network\)/ })
  const blocked = await checkEndpoint(bindingTo(refused('EADDRNOTAVAIL')), config(), undefined, 'blocked')
  t.match(blocked, { status: 'skip', detail: /cannot be created yet \(see network\)/ })
  const unknown = await checkEndpoint(bindingTo(refused('EADDRNOTAVAIL')), config(), undefined, 'unknown')
  t.match(unknown, { status: 'skip', detail: /could not be checked \(see network\)/ })
})

t.test("EADDRNOTAVAIL in container placement: the daemon's container holds the address", async (t) => {
  const r = await checkEndpoint(
    bindingTo(refused('EADDRNOTAVAIL')),
    config({ placement: 'container' }),
    undefined,
    'absent',
  )
  t.match(r, { status: 'ok', detail: /in container placement the daemon's container holds it/ })
})

t.test('any other bind error: a failure with its message', async (t) => {
  const r = await checkEndpoint(bindingTo(refused('EPERM')), config(), undefined, 'expected')
  t.match(r, { status: 'FAIL', detail: 'cannot bind 169.254.170.2:80: listen EPERM 169.254.170.2:80' })
  t.ok(r.fix)
})
