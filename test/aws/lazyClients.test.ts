import { createRequire } from 'node:module'
import t from 'tap'
import { createStsClient } from '../../src/aws/clients.js'
import { executionRoleClients } from '../../src/aws/executionClients.js'
import { LazyClient, lazyClient } from '../../src/aws/lazyClient.js'
import { DEFAULT_RETRY } from '../../src/aws/retry.js'
import { fetchSsmParameters } from '../../src/aws/ssmParameters.js'
import { createLogger } from '../../src/log.js'
import { createLocalAws } from '../../src/localaws/index.js'

// This file imports no SDK package itself, nor any helper that does: what the module cache holds is what the
// code under test loaded. (tap runs each test file in a process of its own.)

const CLIENT_PACKAGES = ['sts', 'ecr', 'cloudwatch-logs', 'secrets-manager', 'ssm', 's3']

/** The @aws-sdk/client-* packages this process has loaded (SDK v3 packages are CommonJS: the require cache sees them). */
function loadedClientPackages(): string[] {
  const files = Object.keys(createRequire(import.meta.url).cache)
  return CLIENT_PACKAGES.filter((p) => files.some((f) => f.includes(`/node_modules/@aws-sdk/client-${p}/`)))
}

/** A stand-in SDK client that counts how often it was built. */
class CountedClient {
  static built = 0
  readonly sent: unknown[] = []
  destroyed = false
  constructor() {
    CountedClient.built++
  }
  async send(command: unknown): Promise<string> {
    this.sent.push(command)
    return 'sent'
  }
  destroy(): void {
    this.destroyed = true
  }
}

t.test('SDK clients are created lazily', async (t) => {
  t.strictSame(
    loadedClientPackages(),
    [],
    'importing the clients, the vault side and the local AWS loads no client package',
  )

  const logger = createLogger({ destination: { write: () => undefined } })
  const local = createLocalAws({ logger, seed: { parameters: [{ name: '/app/p', value: 'v' }] } })
  const endpoint = await local.app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => local.app.close())
  const root = local.rootCredentials
  const creds = async () => ({ roleArn: 'r', ...root, sessionToken: '', expiration: new Date(8.64e15) })

  const region = local.region
  const sts = createStsClient({ region, credentials: root, endpoint })
  const exec = executionRoleClients(creds, endpoint)
  const made = [
    sts,
    exec.ecr(region),
    exec.secretsManager(region),
    exec.ssm(region),
    exec.s3(region),
    exec.logs(region),
  ]
  t.teardown(() => made.forEach((c) => c.destroy()))
  t.strictSame(loadedClientPackages(), [], 'making every client the daemon makes loads none of their packages')
  t.strictSame(
    made.map((c) => c.built),
    [false, false, false, false, false, false],
    'and builds no SDK client',
  )

  const ssm = exec.ssm(region)
  t.equal(ssm, made[3], 'one client per service and region')
  const got = await fetchSsmParameters(region, ['/app/p'], ssm, { ...DEFAULT_RETRY, sleep: async () => {} })
  t.strictSame([...got], [['/app/p', 'v']], 'the first call goes through')
  t.strictSame(loadedClientPackages(), ['ssm'], "the first SSM call loads SSM's package, and only that one")
  t.strictSame(
    made.map((c) => c.built),
    [false, false, false, true, false, false],
    'and builds the SSM client only',
  )
  const first = await ssm.client()
  await fetchSsmParameters(region, ['/app/p'], exec.ssm(region), { ...DEFAULT_RETRY, sleep: async () => {} })
  t.equal(await exec.ssm(region).client(), first, 'later calls reuse the client built by the first')
  t.equal(local.calls().filter((c) => c.action === 'GetParameters').length, 2)
})

t.test(`${LazyClient.name} builds its client on the first send, once`, async (t) => {
  CountedClient.built = 0
  let loads = 0
  const load = async () => {
    loads++
    return { CountedClient }
  }
  const lazy = lazyClient(load, (m) => new m.CountedClient())
  lazy.destroy()
  t.equal(loads, 0, 'destroying a client never built loads nothing')
  t.equal(lazy.built, false)

  t.strictSame(await Promise.all([lazy.send('a'), lazy.send('b')]), ['sent', 'sent'], 'sends are forwarded')
  t.equal(CountedClient.built, 1, 'two concurrent first sends build one client')
  t.equal(lazy.built, true)
  await lazy.send('c')
  const client = await lazy.client()
  t.strictSame(client.sent, ['a', 'b', 'c'], 'every send reached the one client, in order')
  t.equal(CountedClient.built, 1)
  lazy.destroy()
  t.equal(client.destroyed, true, 'destroy reaches the client once built')
})

t.test(`a ${LazyClient.name} whose build failed tries again on the next send`, async (t) => {
  let attempts = 0
  const lazy = new LazyClient(async () => {
    if (++attempts === 1) throw new Error('import failed')
    return new CountedClient()
  })
  await t.rejects(lazy.send('a'), { message: 'import failed' })
  t.equal(lazy.built, false)
  t.equal(await lazy.send('b'), 'sent')
  t.equal(attempts, 2)
})
