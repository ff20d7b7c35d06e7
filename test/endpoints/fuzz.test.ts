import t from 'tap'
import { appFor, CREDS_ID, memoryLog, NO_LIMIT, OTHER_IP, registryWith, task, TASK_IP } from './fixtures.js'

// Random requests (methods, paths, encodings, headers, bodies) never reach the internal-error path: every 5xx is
// one of the agent's own answers, and the task's credentials are still served afterwards.

/** mulberry32: a small seeded PRNG, so a failure replays. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const
const SEGMENTS = [
  'v1',
  'v2',
  'v3',
  'v4',
  'api',
  'credentials',
  CREDS_ID,
  'metadata',
  'metadataWithTags',
  'stats',
  'task',
  'taskWithTags',
  'associations',
  'elastic-inference',
  'task-protection',
  'state',
  'fault',
  'eid-app',
  'nobody',
  'd0cker1d',
  '',
  '%2F',
  '%00',
  '..',
  '.',
  '%E2%82%AC',
  'a'.repeat(300),
  '?id=',
  `?id=${CREDS_ID}`,
  '#x',
]
const TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  '',
  'x/y;;',
]
const BODIES = [
  '',
  '{}',
  '{',
  'null',
  '[]',
  '{"ProtectionEnabled":true}',
  '{"ProtectionEnabled":1}',
  '\u0000\u00ff',
  'a=b',
]
/** The agent's own 5xx answers: v3 metadata for an unknown id, stats before a first sample. */
const AGENT_5XX = /^"(V3 (container|task) metadata handler: |Unable to get container stats for: )/

t.test('3,000 random requests: no internal error, credentials still served', async (t) => {
  const rand = prng(9)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const app = appFor(registryWith(task()), memoryLog('info').logger, NO_LIMIT)
  const unexpected: string[] = []
  for (let i = 0; i < 3000; i++) {
    const path = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(SEGMENTS)).join('/')
    const method = pick(METHODS)
    const body = method === 'GET' || method === 'HEAD' ? undefined : pick(BODIES)
    const type = pick(TYPES)
    const headers: Record<string, string> = type ? { 'content-type': type } : {}
    if (rand() < 0.2) headers.authorization = pick(['', 'x', 'tok', '\t'])
    if (rand() < 0.1) headers['x-forwarded-for'] = TASK_IP
    const remoteAddress = rand() < 0.8 ? TASK_IP : OTHER_IP
    const res = await app.inject({
      method,
      url: `/${path}`,
      remoteAddress,
      headers,
      payload: body,
    })
    if (res.statusCode < 500) continue
    // HEAD answers carry no body: the same request as GET shows which 5xx it was.
    const seen = method === 'HEAD' ? await app.inject({ url: `/${path}`, remoteAddress }) : res
    if (!AGENT_5XX.test(seen.body)) unexpected.push(`${method} /${path} -> ${res.statusCode} ${seen.body.slice(0, 80)}`)
  }
  t.strictSame(unexpected, [], 'no answer from the internal-error path')
  const creds = await app.inject({ url: `/v2/credentials/${CREDS_ID}`, remoteAddress: TASK_IP })
  t.equal(creds.statusCode, 200, 'still serving')
})
