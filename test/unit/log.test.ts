import { Writable } from 'node:stream'
import t from 'tap'
import { createLogger } from '../../src/log.js'

/** An in-memory destination; each pino write is one JSON line. */
function memory() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  return {
    stream,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    raw: () => lines.join('\n'),
  }
}

t.test(`${createLogger.name}: a child logger redacts creds.SecretAccessKey and creds.Token`, async (t) => {
  const out = memory()
  const child = createLogger({ destination: out.stream }).child({ taskArn: 'arn:aws:ecs:r:1:task/c/x' })
  child.info({ creds: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'wJalrSECRET', Token: 'FwoGSESSION' } }, 'renewed')
  const [rec] = out.records()
  t.match(rec, { taskArn: 'arn:aws:ecs:r:1:task/c/x', msg: 'renewed', creds: { AccessKeyId: 'ASIAEXAMPLE' } })
  t.equal((rec?.creds as Record<string, unknown>).SecretAccessKey, '[redacted]')
  t.equal((rec?.creds as Record<string, unknown>).Token, '[redacted]')
  t.notMatch(out.raw(), /wJalrSECRET|FwoGSESSION/)
})

t.test(`${createLogger.name}: a child logger redacts a whole credentials object`, async (t) => {
  const out = memory()
  const child = createLogger({ destination: out.stream }).child({ container: 'app' })
  child.info({ credentials: { accessKeyId: 'ASIA', secretAccessKey: 'topsecret', sessionToken: 'tok123' } })
  child.info({ task: { credentials: { secretAccessKey: 'nested-secret' } } })
  const [top, nested] = out.records()
  t.equal(top?.credentials, '[redacted]')
  t.equal((nested?.task as Record<string, unknown>).credentials, '[redacted]')
  t.notMatch(out.raw(), /topsecret|tok123|nested-secret/)
})

t.test(`${createLogger.name}: other secret-bearing keys`, async (t) => {
  const out = memory()
  const child = createLogger({ destination: out.stream }).child({})
  child.warn({
    secret: { SecretString: 's1', Value: 's2' },
    vault: { sessionToken: 's3', secretAccessKey: 's4', authorizationToken: 's5' },
    req: { headers: { authorization: 's6', host: 'h' } },
  })
  t.notMatch(out.raw(), /"s[1-6]"/)
  t.match(out.records()[0], { req: { headers: { host: 'h' } } })
})

t.test(`${createLogger.name}: level`, async (t) => {
  const out = memory()
  const log = createLogger({ destination: out.stream, level: 'warn' })
  log.info('hidden')
  log.warn('shown')
  t.same(
    out.records().map((r) => r.msg),
    ['shown'],
  )
})

t.test(`${createLogger.name}: secrets nested two levels deep`, async (t) => {
  const out = memory()
  createLogger({ destination: out.stream })
    .child({})
    .info({ task: { creds: { SecretAccessKey: 'deep-secret', Token: 'deep-token' } } })
  t.notMatch(out.raw(), /deep-secret|deep-token/, 'not serialized')
})
