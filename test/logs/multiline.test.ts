import t from 'tap'
import { MAX_EVENT_MESSAGE_BYTES } from '../../src/model/cloudWatchLogsLimits.js'
import { MultilineGrouper, goRegExp } from '../../src/logs/multiline.js'
import { strftimeToRegExp } from '../../src/logs/strftime.js'

const re = (format: string) => new RegExp(strftimeToRegExp(format).source)

t.test(`${strftimeToRegExp.name}: common formats match their own output`, async (t) => {
  const cases: [string, string][] = [
    ['%Y-%m-%d %H:%M:%S', '2024-02-29 23:59:60 leap second line'],
    ['%Y-%m-%dT%H:%M:%S%L%z', '2024-01-05T09:04:03.123+0100 ISO with millis'],
    ['%Y-%m-%dT%H:%M:%S.%f%z', '2024-01-05T09:04:03.123456+01:00 python isoformat'],
    ['\\[%b %d, %Y %H:%M:%S\\]', '[May 01, 2017 19:00:01] Docker docs example'],
    ['%a %b %e %T %Z %Y', 'Mon Jan  5 09:04:03 UTC 2024 date(1)'],
    ['%A, %B %d %I:%M %p', 'Friday, December 31 11:59 PM'],
    ['%y/%j %U %w', '24/366 52 6'],
    ['%F %R', '2024-12-31 23:59'],
    ['%D', '12/31/24'],
    ['%s', '1704445443'],
  ]
  for (const [format, line] of cases) t.match(line, re(format), format)
})

t.test(`${strftimeToRegExp.name}: continuation lines do not match`, async (t) => {
  const start = re('%Y-%m-%d %H:%M:%S')
  for (const line of ['    at Foo.bar (foo.js:1:1)', 'Caused by: x', '2024-13-01 00:00:00', '2024-01-32 00:00:00']) {
    t.notMatch(line, start, line)
  }
})

t.test(`${strftimeToRegExp.name}: unknown sequences match nothing and are reported; %% is a percent`, async (t) => {
  t.same(strftimeToRegExp('%Q-%Y'), { source: '-\\d{4}', unknown: ['%Q'] })
  t.equal(strftimeToRegExp('100%%').source, '100%')
  t.equal(strftimeToRegExp('%%D').source, '%D', '%% is consumed first')
})

t.test(`${goRegExp.name}: Go syntax Docker accepts`, async (t) => {
  t.ok(goRegExp('(?i)^error').test('ERROR boom'))
  t.ok(goRegExp('(?P<level>INFO|WARN) ').test('WARN x'))
  t.throws(() => goRegExp('(?U)a+'), /ungreedy/)
  t.throws(() => goRegExp('(unclosed'))
})

t.test(`${MultilineGrouper.name}: a matching line starts a record, others continue it`, async (t) => {
  const g = new MultilineGrouper(re('%Y-%m-%d'))
  const out = [
    ...g.push('2024-01-01 first', 1),
    ...g.push('  at a', 2),
    ...g.push('  at b', 3),
    ...g.push('2024-01-02 second', 4),
    ...g.push('2024-01-03 third', 5),
  ]
  t.same(out, [
    { timestamp: 1, message: '2024-01-01 first\n  at a\n  at b\n' },
    { timestamp: 4, message: '2024-01-02 second\n' },
  ])
  t.same(g.flush(), [{ timestamp: 5, message: '2024-01-03 third\n' }], 'close flushes the pending record')
  t.same(g.flush(), [])
})

t.test(`${MultilineGrouper.name}: lines before the first match form a record of their own`, async (t) => {
  const g = new MultilineGrouper(/^START/)
  t.same(g.push('orphan', 1), [])
  t.same(g.push('START', 2), [{ timestamp: 1, message: 'orphan\n' }])
})

t.test(`${MultilineGrouper.name}: a pending record is let go once a flush interval old`, async (t) => {
  const g = new MultilineGrouper(/^START/)
  g.push('START', 1000)
  g.push('more', 4000)
  t.same(g.flushOlderThan(5999, 5000), [], 'younger than the interval: kept, more lines may come')
  t.equal(g.pendingBytes, 'START\nmore\n'.length)
  t.same(g.flushOlderThan(6000, 5000), [{ timestamp: 1000, message: 'START\nmore\n' }])
  t.equal(g.pendingBytes, 0)
  g.push('START', 9000)
  t.same(g.flushOlderThan(8000, 5000).length, 1, 'clock went backwards: let it go')
})

t.test(`${MultilineGrouper.name}: a record is cut before it outgrows one event`, async (t) => {
  const g = new MultilineGrouper(/^START/)
  const line = 'x'.repeat(100_000)
  const out = [...g.push('START', 1), ...g.push(line, 2), ...g.push(line, 3), ...g.push(line, 4)]
  t.equal(out.length, 1)
  t.ok(Buffer.byteLength(out[0]!.message) <= MAX_EVENT_MESSAGE_BYTES)
  t.equal(out[0]!.message, `START\n${line}\n${line}\n`)
  t.same(g.flush(), [{ timestamp: 4, message: `${line}\n` }], 'the overflow line starts the next event')
})

t.test(`${MultilineGrouper.name}: a global RegExp does not skip matches`, async (t) => {
  const g = new MultilineGrouper(/^S/g)
  g.push('S1', 1)
  t.equal(g.push('S2', 2).length, 1)
  t.equal(g.push('S3', 3).length, 1)
})
