import t from 'tap'
import { authorizationMatches, callerAddress } from '../../src/endpoints/caller.js'
import { goTime } from '../../src/endpoints/goTime.js'
import { safeUrl } from '../../src/endpoints/safeRequest.js'

t.test(`${goTime.name} writes what Go's time.Time MarshalJSON writes (RFC3339Nano, UTC)`, async (t) => {
  t.equal(goTime(new Date('2026-01-02T03:04:05.000Z')), '2026-01-02T03:04:05Z')
  t.equal(goTime(new Date('2026-01-02T03:04:05.120Z')), '2026-01-02T03:04:05.12Z')
  t.equal(goTime(new Date('2026-01-02T03:04:05.001Z')), '2026-01-02T03:04:05.001Z')
  t.equal(goTime(undefined), undefined)
})

t.test(`${safeUrl.name} keeps credentials ids and query strings out of logs`, async (t) => {
  t.equal(safeUrl('/v2/credentials/abc-123'), '/v2/credentials/[redacted]')
  t.equal(safeUrl('/v2/credentials'), '/v2/credentials')
  t.equal(safeUrl('/v1/credentials?id=abc-123'), '/v1/credentials')
  t.equal(safeUrl('//V2/Credentials/abc/def'), '//V2/Credentials/[redacted]')
  t.equal(safeUrl('/v4/eid/task?x=1'), '/v4/eid/task')
})

t.test(`${callerAddress.name} strips the IPv4-mapped prefix`, async (t) => {
  t.equal(callerAddress('::ffff:169.254.170.10'), '169.254.170.10')
  t.equal(callerAddress('169.254.170.10'), '169.254.170.10')
  t.equal(callerAddress('fd00::1'), 'fd00::1')
})

t.test(`${authorizationMatches.name} wants exact equality`, async (t) => {
  t.ok(authorizationMatches('tok', 'tok'))
  t.notOk(authorizationMatches('tok', 'tok2'))
  t.notOk(authorizationMatches('tok', 'TOK'))
  t.notOk(authorizationMatches('tok', undefined))
  t.notOk(authorizationMatches('tok', ['tok']))
})

t.test(`${safeUrl.name} keeps only the first segment of a URL no route knows`, async (t) => {
  t.equal(safeUrl('/nope/abc-123/x', true), '/nope/[redacted]')
  t.equal(safeUrl('/nope', true), '/nope')
  t.equal(safeUrl('/v4/eid/task', false), '/v4/eid/task')
})
