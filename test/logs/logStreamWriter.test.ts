import t from 'tap'
import { isTransientLogsError, rejectedCounts } from '../../src/logs/logStreamWriter.js'
import { logsError } from './fakeLogs.js'

t.test(`${isTransientLogsError.name}`, async (t) => {
  for (const [name, status] of [
    ['ThrottlingException', 400],
    ['ServiceUnavailableException', 503],
    ['InternalFailure', 500],
    ['OperationAbortedException', 400],
  ] as const) {
    t.ok(isTransientLogsError(logsError(name, status)), name)
  }
  for (const [name, status] of [
    ['AccessDeniedException', 400],
    ['InvalidParameterException', 400],
    ['ResourceNotFoundException', 400],
    ['UnrecognizedClientException', 400],
  ] as const) {
    t.notOk(isTransientLogsError(logsError(name, status)), name)
  }
  t.ok(isTransientLogsError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), 'never reached the service')
  t.notOk(isTransientLogsError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), 'may have been stored')
})

t.test(`${rejectedCounts.name}`, async (t) => {
  t.same(rejectedCounts(undefined, 5), { tooOld: 0, expired: 0, tooNew: 0, total: 0 })
  t.match(
    rejectedCounts({ tooOldLogEventEndIndex: 2, expiredLogEventEndIndex: 0 }, 5),
    { total: 3 },
    'overlapping heads',
  )
  t.match(rejectedCounts({ tooNewLogEventStartIndex: 4 }, 5), { tooNew: 1, total: 1 })
  t.match(rejectedCounts({ tooOldLogEventEndIndex: 4, tooNewLogEventStartIndex: 0 }, 5), { total: 5 }, 'capped')
})
