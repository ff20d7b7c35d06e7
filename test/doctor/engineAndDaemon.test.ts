import t from 'tap'
import { checkDaemon } from '../../src/doctor/checks/daemon.js'
import { checkEngine } from '../../src/doctor/checks/engine.js'
import { settle } from '../../src/doctor/result.js'
import { config, fakeProbes, sysError } from './fakeProbes.js'

const probes = fakeProbes()
const info = {
  version: '0.1.0',
  pid: 4242,
  aws: 'default',
  region: 'us-east-1',
  endpoint: { host: '169.254.170.2', port: 80 },
}

t.test(`${checkEngine.name}: the engine's version and its own API version, negotiated`, async (t) => {
  const r = checkEngine(await settle(probes.engine()), config())
  t.match(r, { name: 'engine', status: 'ok' })
  t.match(r.detail, 'Docker Engine 20.10.24 on linux/amd64 at unix:///var/run/docker.sock; API 1.41, oldest 1.12')
  t.match(r.detail, /negotiated: requests are unversioned/)
  t.notOk(r.fix)
})

t.test(`${checkEngine.name}: no engine on the socket`, async (t) => {
  const r = checkEngine(
    await settle(Promise.reject(sysError('ENOENT', 'connect ENOENT /var/run/docker.sock'))),
    config(),
  )
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_DOCKER_UNAVAILABLE' })
  t.match(r.detail, 'no Docker engine answers at unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock')
  t.match(r.fix, 'start Docker (sudo systemctl start docker, or Docker Desktop)')
  t.match(r.fix, 'DOCKER_HOST')
})

t.test(`${checkEngine.name}: a socket this user may not use`, async (t) => {
  const r = checkEngine(
    await settle(Promise.reject(sysError('EACCES', 'connect EACCES /var/run/docker.sock'))),
    config(),
  )
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_DOCKER_UNAVAILABLE' })
  t.match(r.fix, 'sudo usermod -aG docker "$USER"')
})

t.test(`${checkEngine.name}: the socket DOCKER_HOST names is the one reported`, async (t) => {
  const c = { ...config(), dockerSocket: '/run/user/1000/docker.sock' }
  const r = checkEngine(await settle(Promise.reject(sysError('ECONNREFUSED'))), c)
  t.match(r.detail, 'unix:///run/user/1000/docker.sock')
})

t.test(`${checkDaemon.name}: none running is fine`, async (t) => {
  const r = checkDaemon({ ok: true, value: undefined }, config())
  t.match(r, { name: 'daemon', status: 'ok' })
  t.match(r.detail, 'none running (state dir /tmp/ecsl-doctor); ecs-local run starts one in the background')
})

t.test(`${checkDaemon.name}: a running daemon with the same settings`, async (t) => {
  const r = checkDaemon({ ok: true, value: info }, config())
  t.match(r, { status: 'ok', detail: /running \(pid 4242, version 0.1.0, --aws default, .*169.254.170.2:80\)/ })
})

t.test(`${checkDaemon.name}: a running daemon with another --aws would refuse run's task`, async (t) => {
  const r = checkDaemon({ ok: true, value: { ...info, aws: 'local' } }, config())
  t.match(r, { status: 'warn', code: 'ECSL_ERR_DAEMON_MISMATCH' })
  t.match(r.detail, 'this command asks for --aws default')
  t.match(r.fix, 'ecs-local daemon stop')
})

t.test(`${checkDaemon.name}: a control socket that answers with an error (still starting)`, async (t) => {
  const r = checkDaemon({ ok: false, error: new Error('daemon: still starting') }, config())
  t.match(r, { status: 'warn', detail: /answered with an error: daemon: still starting/ })
  t.match(r.fix, '/tmp/ecsl-doctor/daemon.log')
})
