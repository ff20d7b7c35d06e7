import t from 'tap'
import {
  ACCESS_DENIED,
  CREDENTIALS_UNINITIALIZED,
  INVALID_ID_IN_REQUEST,
  NO_ID_IN_REQUEST,
} from '../../src/endpoints/agentError.js'
import { appFor, CREDS, CREDS_ID, OTHER_IP, registryWith, task, TASK_IP } from './fixtures.js'

const get = (app: ReturnType<typeof appFor>, url: string, remoteAddress = TASK_IP, headers = {}) =>
  app.inject({ method: 'GET', url, remoteAddress, headers })

t.test('serves the task its credentials, in the agent shape', async (t) => {
  const app = appFor(registryWith(task()))
  for (const url of [`/v2/credentials/${CREDS_ID}`, `/v1/credentials?id=${CREDS_ID}`]) {
    const res = await get(app, url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['content-type'], 'application/json')
    t.strictSame(Object.keys(res.json()), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'])
    t.strictSame(res.json(), {
      RoleArn: CREDS.roleArn,
      AccessKeyId: CREDS.accessKeyId,
      SecretAccessKey: CREDS.secretAccessKey,
      Token: CREDS.sessionToken,
      Expiration: '2026-11-28T05:10:45Z',
    })
  }
})

t.test('Expiration is UTC ISO-8601 with whole seconds and Z', async (t) => {
  const res = await get(appFor(registryWith(task())), `/v2/credentials/${CREDS_ID}`)
  t.match(res.json().Expiration, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
})

t.test('IPv4-mapped IPv6 callers are the same caller', async (t) => {
  const res = await get(appFor(registryWith(task())), `/v2/credentials/${CREDS_ID}`, `::ffff:${TASK_IP}`)
  t.equal(res.statusCode, 200)
})

t.test('no id: 400 NoIdInRequest', async (t) => {
  const app = appFor(registryWith(task()))
  for (const url of ['/v2/credentials', '/v2/credentials/', '/v1/credentials', '/v1/credentials?id=']) {
    const res = await get(app, url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().code, NO_ID_IN_REQUEST)
    t.match(res.json().message, /^CredentialsV[12]Request: No Credential ID in the request$/)
    t.equal(res.json().HTTPErrorCode, 400)
  }
})

t.test('unknown id: 400 InvalidIdInRequest, whoever asks', async (t) => {
  const app = appFor(registryWith(task()))
  for (const ip of [TASK_IP, OTHER_IP]) {
    const res = await get(app, '/v2/credentials/not-an-id', ip)
    t.equal(res.statusCode, 400)
    t.strictSame(res.json(), {
      code: INVALID_ID_IN_REQUEST,
      message: 'CredentialsV2Request: Credentials not found',
      HTTPErrorCode: 400,
    })
  }
})

t.test('revoked id (task removed): 400 InvalidIdInRequest', async (t) => {
  const registry = registryWith(task())
  const app = appFor(registry)
  registry.remove(task().arn)
  const res = await get(app, `/v2/credentials/${CREDS_ID}`)
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, INVALID_ID_IN_REQUEST)
})

t.test('credentials not assumed yet: 503 CredentialsUninitialized', async (t) => {
  const res = await get(appFor(registryWith(task(), { ready: false })), `/v2/credentials/${CREDS_ID}`)
  t.equal(res.statusCode, 503)
  t.strictSame(res.json(), {
    code: CREDENTIALS_UNINITIALIZED,
    message: 'CredentialsV2Request: Credentials uninitialized for ID',
    HTTPErrorCode: 503,
  })
})

t.test('a caller outside the task: 403, and before "not ready"', async (t) => {
  for (const ready of [true, false]) {
    const res = await get(appFor(registryWith(task(), { ready })), `/v2/credentials/${CREDS_ID}`, OTHER_IP)
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, ACCESS_DENIED)
    t.equal(res.json().HTTPErrorCode, 403)
    t.notMatch(res.body, CREDS_ID)
    t.notMatch(res.body, CREDS.accessKeyId)
  }
})

t.test('FULL_URI token mode', async (t) => {
  const token = 'Bearer-abc123'
  const app = appFor(registryWith(task({ authorizationToken: token })))
  const url = `/v2/credentials/${CREDS_ID}`
  t.equal((await get(app, url, TASK_IP, { authorization: token })).statusCode, 200, 'right token')
  for (const headers of [{}, { authorization: 'wrong' }, { authorization: `${token} ` }, { authorization: '' }]) {
    const res = await get(app, url, TASK_IP, headers)
    t.equal(res.statusCode, 403, JSON.stringify(headers))
    t.equal(res.json().code, ACCESS_DENIED)
    t.notMatch(res.body, token)
  }
  const notReady = appFor(registryWith(task({ authorizationToken: token }), { ready: false }))
  t.equal((await get(notReady, url)).statusCode, 403, 'a wrong token is refused before "not ready"')
})

t.test('a task without a token ignores the Authorization header', async (t) => {
  const res = await get(appFor(registryWith(task())), `/v2/credentials/${CREDS_ID}`, TASK_IP, { authorization: 'x' })
  t.equal(res.statusCode, 200)
})

t.test('expired credentials are not served', async (t) => {
  const registry = registryWith(task())
  registry.setCredentials(CREDS_ID, { ...CREDS, expiration: new Date('2026-11-28T03:00:00Z') })
  const res = await get(appFor(registry), `/v2/credentials/${CREDS_ID}`)
  t.equal(res.statusCode, 503)
  t.equal(res.json().code, CREDENTIALS_UNINITIALIZED)
})
