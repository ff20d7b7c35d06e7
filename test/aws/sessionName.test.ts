import t from 'tap'
import { roleSessionName, sanitizeSessionName } from '../../src/aws/sessionName.js'

t.test(roleSessionName.name, async (t) => {
  t.equal(roleSessionName('0123456789abcdef0123456789abcdef'), 'ecs-local-0123456789abcdef0123456789abcdef')
  const long = roleSessionName('x'.repeat(100))
  t.equal(long.length, 64, 'cut to 64 characters')
  t.ok(long.startsWith('ecs-local-xxx'))
})

t.test(sanitizeSessionName.name, async (t) => {
  t.equal(sanitizeSessionName('ecs-local-a/b c:d'), 'ecs-local-a-b-c-d', 'disallowed characters become -')
  t.equal(sanitizeSessionName('a_b+c=d,e.f@g-h'), 'a_b+c=d,e.f@g-h', 'every allowed character kept')
  t.match(sanitizeSessionName('a'.repeat(80)), /^[\w+=,.@-]{64}$/)
  t.equal(sanitizeSessionName('x'), 'ecs-local', 'too short for STS: fallback')
  t.equal(sanitizeSessionName(sanitizeSessionName('ecs-local-é/1')), sanitizeSessionName('ecs-local-é/1'), 'idempotent')
})
