import t from 'tap'
import { RequestCounts } from '../../src/endpoints/requestCounts.js'
import {
  appFor,
  CREDS,
  CREDS_ID,
  memoryLog,
  NO_LIMIT,
  OTHER_IP,
  registryWith,
  task,
  TASK_ARN,
  TASK_IP,
} from './fixtures.js'

const TOKEN = 'tok-SECRET-value'

t.test('no log line holds a secret, the token or a credentials id', async (t) => {
  const log = memoryLog()
  const app = appFor(registryWith(task({ authorizationToken: TOKEN })), log.logger)
  const requests: { url: string; ip?: string; auth?: string }[] = [
    { url: `/v2/credentials/${CREDS_ID}`, auth: TOKEN },
    { url: `/v1/credentials?id=${CREDS_ID}`, auth: TOKEN },
    { url: `/v2/credentials/${CREDS_ID}`, auth: 'wrong' },
    { url: `/v2/credentials/${CREDS_ID}`, ip: OTHER_IP, auth: TOKEN },
    { url: `/V2/Credentials/${CREDS_ID}` },
    { url: `/v3/creds/${CREDS_ID}` },
    { url: `/v2/credentials/${CREDS_ID}/extra` },
    { url: '/v4/eid-app/task' },
  ]
  for (const r of requests) {
    const headers = r.auth ? { authorization: r.auth } : {}
    await app.inject({ method: 'GET', url: r.url, remoteAddress: r.ip ?? TASK_IP, headers })
  }
  t.ok(log.lines.length >= 4, 'the two refusals and (at debug) the two served requests were logged')
  for (const line of log.lines) {
    JSON.parse(line) // every line is JSON
    for (const secret of [CREDS_ID, CREDS.secretAccessKey, CREDS.sessionToken, CREDS.accessKeyId, TOKEN]) {
      t.notOk(line.includes(secret), `no ${secret.slice(0, 6)}... in: ${line.slice(0, 120)}`)
    }
  }
  const served = log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'served task role credentials')
  t.equal(served.length, 2)
  t.equal(served[0].taskArn, TASK_ARN, 'the task ARN stands in for the id')
  const answered = log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'answered')
  t.equal(answered.length, requests.length, 'at debug, one line per request')
  t.strictSame(
    answered.map((l) => l.req.url),
    [
      '/v2/credentials/[redacted]',
      '/v1/credentials',
      '/v2/credentials/[redacted]',
      '/v2/credentials/[redacted]',
      '/V2/Credentials/[redacted]',
      '/v3/[redacted]',
      '/v2/credentials/[redacted]',
      '/v4/eid-app/task',
    ],
    'paths as the request serializer keeps them',
  )
})

t.test('at the default level, successful requests write no log line (1,000 of them)', async (t) => {
  const log = memoryLog('info')
  const registry = registryWith(task())
  const app = appFor(registry, log.logger, NO_LIMIT)
  const urls = [`/v2/credentials/${CREDS_ID}`, `/v1/credentials?id=${CREDS_ID}`, '/v4/eid-app', '/v4/eid-app/task']
  for (let i = 0; i < 1000; i++) {
    const r = await app.inject({ method: 'GET', url: urls[i % urls.length] as string, remoteAddress: TASK_IP })
    if (r.statusCode !== 200) t.fail(`request ${i} answered ${r.statusCode}`)
  }
  t.strictSame(log.lines, [], 'no line for 1,000 successful requests')
  // The first refusal still says so at once: that is what a user debugging a 403 needs.
  await app.inject({ method: 'GET', url: `/v2/credentials/${CREDS_ID}`, remoteAddress: OTHER_IP })
  t.equal(log.lines.length, 1)
  t.match(JSON.parse(log.lines[0] as string), { level: 40, msg: 'credentials request refused' })
})

t.test('refusals: the first per (caller, task, code) at warn, then one count per summary', async (t) => {
  const log = memoryLog('info')
  const app = appFor(registryWith(task()), log.logger, NO_LIMIT)
  for (let i = 0; i < 100; i++) {
    await app.inject({ method: 'GET', url: `/v2/credentials/${CREDS_ID}`, remoteAddress: OTHER_IP })
  }
  await app.inject({ method: 'GET', url: '/v4/nobody', remoteAddress: OTHER_IP })
  t.equal(log.lines.length, 2, 'one line for 100 alike, one for another code')
  await app.close() // closing flushes the counts, as every summary interval does
  const lines = log.lines.map((l) => JSON.parse(l))
  const repeated = lines.filter((l) => l.repeated !== undefined)
  t.equal(repeated.length, 1)
  t.match(repeated[0], { level: 40, caller: OTHER_IP, taskArn: TASK_ARN, code: 'AccessDenied', repeated: 99 })
  const served = lines.filter((l) => l.msg === 'task role credentials served')
  t.strictSame(served, [], 'nothing was served')
})

t.test(`${RequestCounts.name}: deliveries summarised per task and role; quiet keys forgotten`, async (t) => {
  const log = memoryLog('info')
  const counts = new RequestCounts(log.logger, false)
  for (let i = 0; i < 500; i++) counts.served(TASK_ARN, CREDS.roleArn)
  counts.refused({ caller: OTHER_IP, code: 'AccessDenied' }, 'refused')
  t.equal(log.lines.length, 1, 'only the first refusal, nothing for deliveries yet')
  counts.flush()
  const lines = log.lines.map((l) => JSON.parse(l))
  t.match(lines[1], { level: 30, msg: 'task role credentials served', taskArn: TASK_ARN, count: 500 })
  t.equal(lines.length, 2, 'no repeat line for a refusal that did not repeat')
  counts.refused({ caller: OTHER_IP, code: 'AccessDenied' }, 'refused')
  t.equal(log.lines.length, 3, 'a key quiet for a whole interval is written again')
  counts.close()
})
