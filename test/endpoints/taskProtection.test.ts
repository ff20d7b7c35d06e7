import t from 'tap'
import { parseProtectionRequest } from '../../src/endpoints/protectionRequest.js'
import { appFor, container, memoryLog, OTHER_IP, registryWith, task, TASK_ARN, TASK_IP } from './fixtures.js'

const URL = '/api/eid-app/task-protection/v1/state'

/** Our task at TASK_IP (endpoint id eid-app, with credentials); another task at OTHER_IP (eid-other). */
function setup(opts: { ready?: boolean } = {}) {
  let ms = Date.parse('2026-11-28T04:00:00Z')
  const registry = registryWith(task(), { ready: opts.ready })
  const other = task({
    arn: TASK_ARN.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)),
    credentialsId: undefined,
    containers: [container({ endpointId: 'eid-other', dockerId: 'other' })],
  })
  registry.add(other)
  registry.bindAddress(other.arn, OTHER_IP)
  const app = appFor(registry, memoryLog('info').logger, { now: () => new Date(ms) })
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', payload?: string, url = URL, remoteAddress = TASK_IP) =>
    app.inject({ method, url, remoteAddress, payload, headers: { 'content-type': 'application/json' } })
  return { call, advance: (minutes: number) => void (ms += minutes * 60_000), other }
}

t.test('PUT then GET: set and read back, with the agent shapes; expiry honoured', async (t) => {
  const { call, advance } = setup()
  const before = await call('GET')
  t.equal(before.statusCode, 200)
  t.strictSame(before.json(), { protection: { ExpirationDate: null, ProtectionEnabled: false, TaskArn: TASK_ARN } })

  const set = await call('PUT', JSON.stringify({ ProtectionEnabled: true, ExpiresInMinutes: 60 }))
  t.equal(set.statusCode, 200)
  t.equal(set.headers['content-type'], 'application/json')
  t.strictSame(set.json(), {
    protection: { ExpirationDate: '2026-11-28T05:00:00Z', ProtectionEnabled: true, TaskArn: TASK_ARN },
  })
  t.strictSame((await call('GET')).json(), set.json(), 'read back')

  advance(59)
  t.equal((await call('GET')).json().protection.ProtectionEnabled, true, 'still protected a minute before')
  advance(1)
  t.strictSame(
    (await call('GET')).json(),
    { protection: { ExpirationDate: null, ProtectionEnabled: false, TaskArn: TASK_ARN } },
    'expired: protection off again',
  )
})

t.test('ExpiresInMinutes: default 120, range 1 to 2880, keys matched case-insensitively', async (t) => {
  const { call } = setup()
  const dflt = await call('PUT', '{"protectionEnabled": true}')
  t.equal(dflt.json().protection.ExpirationDate, '2026-11-28T06:00:00Z', '2 hours by default')
  t.equal((await call('PUT', '{"ProtectionEnabled":true,"ExpiresInMinutes":2880}')).statusCode, 200)
  for (const minutes of [0, 2881, -5]) {
    const res = await call('PUT', JSON.stringify({ ProtectionEnabled: true, ExpiresInMinutes: minutes }))
    t.equal(res.statusCode, 400, String(minutes))
    t.match(res.json(), {
      requestID: /^[0-9a-f-]{36}$/,
      error: { Arn: TASK_ARN, Code: 'InvalidParameterException', Message: /between 1 and 2880/ },
    })
  }
  const off = await call('PUT', '{"ProtectionEnabled":false,"ExpiresInMinutes":0}')
  t.strictSame(off.json(), { protection: { ExpirationDate: null, ProtectionEnabled: false, TaskArn: TASK_ARN } })
})

t.test("refusals, in the agent's order and shapes", async (t) => {
  const { call } = setup()
  const decode = {
    error: { Code: 'InvalidParameterException', Message: 'UpdateTaskProtection: failed to decode request' },
  }
  for (const body of [
    '',
    'nope',
    '[]',
    '"x"',
    '{"ProtectionEnabled":"yes"}',
    '{"ExpiresInMinutes":1.5}',
    '{"Other":1}',
  ]) {
    const res = await call('PUT', body)
    t.equal(res.statusCode, 400, body)
    t.strictSame(res.json(), decode, body)
  }
  const unknown = await call('PUT', '{"ProtectionEnabled":true}', '/api/nobody/task-protection/v1/state')
  t.equal(unknown.statusCode, 404)
  t.strictSame(unknown.json(), {
    error: { Code: 'ResourceNotFoundException', Message: 'Failed to find a task for the request' },
  })
  const missing = await call('PUT', '{}')
  t.equal(missing.statusCode, 400)
  t.strictSame(missing.json(), {
    error: {
      Arn: TASK_ARN,
      Code: 'InvalidParameterException',
      Message: "Invalid request: does not contain 'ProtectionEnabled' field",
    },
  })
  t.equal((await call('PUT', 'null')).statusCode, 400, 'null decodes to nothing set: ProtectionEnabled missing')
  t.equal((await call('POST', '{}')).statusCode, 405, 'the agent routes GET and PUT only')
  t.equal((await call('DELETE')).body, '')
})

t.test('a container that does not own the endpoint id is refused as an unknown id', async (t) => {
  const { call } = setup()
  const foreign = await call('PUT', '{"ProtectionEnabled":true}', URL, OTHER_IP)
  t.equal(foreign.statusCode, 404)
  t.equal(foreign.json().error.Code, 'ResourceNotFoundException')
  t.equal((await call('GET', undefined, URL, OTHER_IP)).statusCode, 404)
  t.equal((await call('GET', undefined, URL, '10.9.9.9')).statusCode, 404, 'an address no task owns')
  t.equal((await call('GET')).json().protection.ProtectionEnabled, false, 'nothing was set by them')
})

t.test('no task role credentials: 403, as the agent needs them to call ECS', async (t) => {
  const { call } = setup({ ready: false })
  const res = await call('GET')
  t.equal(res.statusCode, 403)
  t.strictSame(res.json(), {
    error: {
      Arn: TASK_ARN,
      Code: 'AccessDeniedException',
      Message: 'Invalid Request: no task IAM role credentials available for task',
    },
  })
  const otherTask = setup()
  const other = await otherTask.call('GET', undefined, '/api/eid-other/task-protection/v1/state', OTHER_IP)
  t.equal(other.statusCode, 403, 'a task without a task role')
  t.equal(other.json().error.Arn, otherTask.other.arn)
})

t.test(`${parseProtectionRequest.name}: Go's decoding into the agent's request struct`, async (t) => {
  t.strictSame(parseProtectionRequest('{"ProtectionEnabled":true,"ExpiresInMinutes":5}'), {
    protectionEnabled: true,
    expiresInMinutes: 5,
  })
  t.strictSame(parseProtectionRequest('{"PROTECTIONENABLED":false}'), { protectionEnabled: false })
  t.strictSame(parseProtectionRequest('{"ProtectionEnabled":null,"ExpiresInMinutes":null}'), {}, 'null: unset')
  t.strictSame(parseProtectionRequest('null'), {})
  for (const bad of ['', '1', '{"ExpiresInMinutes":"5"}', '{"ExpiresInMinutes":1e30}', '{"x":true}']) {
    t.equal(parseProtectionRequest(bad), undefined, bad)
  }
})
