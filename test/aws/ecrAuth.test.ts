import t from 'tap'
import { EcrAuth, TOKEN_MARGIN_MS } from '../../src/aws/ecrAuth.js'
import { ResourceInitializationError } from '../../src/aws/resourceInitError.js'
import { awsError, FakeAws, NO_WAIT } from './awsFakes.js'

const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const ROLE = 'arn:aws:iam::123456789012:role/exec'
const H = 60 * 60_000
const b64 = (s: string) => Buffer.from(s).toString('base64')

function setup(token = b64('AWS:pass:with:colons'), expiresIn: number | null = 12 * H) {
  let now = Date.parse('2030-01-01T00:00:00Z')
  const ecr = new FakeAws({
    GetAuthorizationTokenCommand: () => ({
      authorizationData: [
        {
          authorizationToken: token,
          proxyEndpoint: `https://${HOST}`,
          ...(expiresIn !== null && { expiresAt: new Date(now + expiresIn) }),
        },
      ],
    }),
  })
  const auth = new EcrAuth({ now: () => now, retry: NO_WAIT })
  return { ecr, auth, advance: (ms: number) => void (now += ms) }
}

t.test('asks for the registry the host names and splits the token at the first colon', async (t) => {
  const { ecr, auth } = setup()
  t.same(await auth.get(HOST, 'eu-west-1', ecr, ROLE), {
    username: 'AWS',
    password: 'pass:with:colons',
    serveraddress: `https://${HOST}`,
  })
  t.same(ecr.calls, [{ command: 'GetAuthorizationTokenCommand', input: { registryIds: ['123456789012'] } }])
})

t.test('a declared registry asks for the default registry; serveraddress falls back to the host', async (t) => {
  const ecr = new FakeAws({
    GetAuthorizationTokenCommand: () => ({ authorizationData: [{ authorizationToken: b64('AWS:p') }] }),
  })
  const got = await new EcrAuth().get('127.0.0.1:5000', 'us-east-1', ecr, ROLE)
  t.equal(got.serveraddress, 'https://127.0.0.1:5000')
  t.same(ecr.calls[0]?.input, {})
})

t.test(`cached per (role, registry) until ${TOKEN_MARGIN_MS / 60_000} min before expiresAt`, async (t) => {
  const { ecr, auth, advance } = setup()
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  advance(12 * H - TOKEN_MARGIN_MS - 1)
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 1, 'still fresh')
  advance(1)
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 2, 'fetched again 30 min before expiry')
  await auth.get(HOST, 'eu-west-1', ecr, 'arn:aws:iam::123456789012:role/other')
  await auth.get('210987654321.dkr.ecr.eu-west-1.amazonaws.com', 'eu-west-1', ecr, ROLE)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 4, 'another role or registry: its own token')
  auth.clear(ROLE)
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 5, 'clear(role) forgets its tokens')
})

t.test('a token without expiresAt is not cached', async (t) => {
  const { ecr, auth } = setup(undefined, null)
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  await auth.get(HOST, 'eu-west-1', ecr, ROLE)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 2)
})

t.test('single flight: concurrent gets share one call', async (t) => {
  const { ecr, auth } = setup()
  const all = await Promise.all(Array.from({ length: 5 }, () => auth.get(HOST, 'eu-west-1', ecr, ROLE)))
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 1)
  t.ok(all.every((a) => a.password === 'pass:with:colons'))
})

t.test('failure: ECS words, cause kept, nothing cached, throttling retried', async (t) => {
  const denied = awsError('AccessDeniedException', 400, 'not authorized to perform: ecr:GetAuthorizationToken')
  const ecr = new FakeAws({
    GetAuthorizationTokenCommand: (_input, call) => {
      if (call === 1) throw awsError('ThrottlingException', 400)
      throw denied
    },
  })
  const auth = new EcrAuth({ retry: NO_WAIT })
  const err = await auth.get(HOST, 'eu-west-1', ecr, ROLE).catch((e: unknown) => e)
  t.ok(err instanceof ResourceInitializationError)
  t.equal(
    `${(err as Error).name}: ${(err as Error).message}`,
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
      `unable to retrieve ecr registry auth: ${HOST} in eu-west-1: AccessDeniedException: not authorized to perform: ecr:GetAuthorizationToken`,
  )
  t.equal((err as Error).cause, denied)
  t.equal(ecr.count('GetAuthorizationTokenCommand'), 2, 'throttled once, then denied')
  await t.rejects(auth.get(HOST, 'eu-west-1', ecr, ROLE), ResourceInitializationError, 'failure not cached')
})

t.test('a token not of the form AWS:<password> is refused', async (t) => {
  const { ecr, auth } = setup(b64('nocolon'))
  await t.rejects(auth.get(HOST, 'eu-west-1', ecr, ROLE), { message: /not of the form AWS:<password>/ })
})
