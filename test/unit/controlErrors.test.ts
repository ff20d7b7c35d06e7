import t, { type Test } from 'tap'
import type { Agent } from '../../src/agent/agent.js'
import { buildControlApp, type ControlDeps } from '../../src/control/server.js'
import { ERRORS } from '../../src/errors.js'
import { createLogger } from '../../src/log.js'

/** The control app alone, on fastify's inject: no socket, no engine. */
function app(t: Test, deps: Partial<ControlDeps> = {}) {
  const control = buildControlApp({
    info: { version: '0', pid: 1, aws: 'default', region: 'us-east-1', endpoint: { host: '127.0.0.1', port: 80 } },
    logger: createLogger({ level: 'silent' }),
    touch: () => {},
    shutdown: () => {},
    ...deps,
  })
  t.teardown(() => control.close())
  return control
}

const noTasks = { get: () => undefined } as unknown as Agent

t.test('the control API answers with table errors, status and code from ERRORS', async (t) => {
  const cases = [
    { deps: {}, method: 'GET', url: '/v1/tasks', error: new ERRORS.ECSL_ERR_DAEMON_STARTING() },
    {
      deps: { agent: noTasks },
      method: 'DELETE',
      url: '/v1/tasks/abc',
      error: new ERRORS.ECSL_ERR_TASK_NOT_FOUND('abc'),
    },
    { deps: { agent: noTasks }, method: 'GET', url: '/v1/local-aws/calls', error: new ERRORS.ECSL_ERR_NOT_LOCAL_AWS() },
  ] as const
  for (const { deps, method, url, error } of cases) {
    const res = await app(t, deps).inject({ method, url })
    t.equal(res.statusCode, error.statusCode, `${method} ${url}: ${error.statusCode}`)
    t.strictSame(res.json(), { code: error.code, message: error.message }, `${method} ${url}: ${error.code}`)
  }
  t.strictSame(
    [503, 404, 404],
    cases.map((c) => c.error.statusCode),
    'the statuses the control API always answered with',
  )
})
