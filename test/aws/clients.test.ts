import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { clientConfig, createClient, createStsClient } from '../../src/aws/clients.js'
import { executionRoleClients } from '../../src/aws/executionClients.js'
import type { LazyClient } from '../../src/aws/lazyClient.js'
import type { StsSender } from '../../src/aws/roleVault.js'

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' }
const CALLER = 'arn:aws:iam::111122223333:user/local'

/** The part of any SDK client this file looks at. */
interface SdkClientShape {
  config: { maxAttempts(): Promise<number> }
  send(...args: never[]): Promise<unknown>
  destroy(): void
}

/** A stand-in STS endpoint answering GetCallerIdentity in the query protocol's XML. */
async function fakeStsEndpoint(t: { teardown(fn: () => unknown): void }) {
  const seen: IncomingMessage[] = []
  const server = createServer((req, res) => {
    seen.push(req)
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'text/xml')
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>${CALLER}</Arn><UserId>AIDALOCAL</UserId><Account>111122223333</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

t.test(clientConfig.name, async (t) => {
  t.strictSame(
    clientConfig({ region: 'eu-west-1', credentials }),
    { region: 'eu-west-1', credentials, maxAttempts: 1 },
    'no undefined keys',
  )
  t.strictSame(clientConfig({ region: 'eu-west-1', credentials, endpoint: 'http://x:1' }), {
    region: 'eu-west-1',
    credentials,
    maxAttempts: 1,
    endpoint: 'http://x:1',
  })
})

t.test('every client the daemon makes tries once per send, whatever AWS_MAX_ATTEMPTS says', async (t) => {
  const saved = process.env.AWS_MAX_ATTEMPTS
  process.env.AWS_MAX_ATTEMPTS = '7'
  t.teardown(() => {
    if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS
    else process.env.AWS_MAX_ATTEMPTS = saved
  })
  const creds = async () => ({ roleArn: 'r', ...credentials, sessionToken: 't', expiration: new Date(8.64e15) })
  const exec = executionRoleClients(creds, 'http://127.0.0.1:1')
  const made: Record<string, unknown> = {
    sts: createStsClient({ region: 'eu-west-1', credentials }),
    ecr: exec.ecr('eu-west-1'),
    secretsManager: exec.secretsManager('eu-west-1'),
    ssm: exec.ssm('eu-west-1'),
    s3: exec.s3('eu-west-1'),
    logs: exec.logs('eu-west-1'),
  }
  for (const [name, client] of Object.entries(made)) {
    const c = await (client as LazyClient<SdkClientShape>).client()
    t.equal(await c.config.maxAttempts(), 1, name)
    c.destroy()
  }
})

t.test(`${createStsClient.name} sends to the explicit endpoint, signed with the given credentials`, async (t) => {
  const { url, seen } = await fakeStsEndpoint(t)
  const sts = createStsClient({ region: 'eu-west-1', credentials, endpoint: url })
  t.ok((await sts.client()) instanceof STSClient)
  const out = await sts.send(new GetCallerIdentityCommand({}))
  t.equal(out.Arn, CALLER)
  t.equal(seen.length, 1)
  t.match(seen[0]?.headers.authorization, /Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/sts\/aws4_request/)
  sts.destroy()
})

t.test(`${createClient.name} leaves AWS_ENDPOINT_URL_STS to the SDK`, async (t) => {
  const { url, seen } = await fakeStsEndpoint(t)
  const saved = process.env.AWS_ENDPOINT_URL_STS
  process.env.AWS_ENDPOINT_URL_STS = url
  t.teardown(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS
    else process.env.AWS_ENDPOINT_URL_STS = saved
  })
  const sts = createClient(STSClient, { region: 'eu-west-1', credentials: async () => credentials })
  t.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, CALLER)
  t.equal(seen.length, 1)
  sts.destroy()
})

t.test("the daemon's lazy STS client is a StsSender", async (t) => {
  const sender: StsSender = createStsClient({ region: 'eu-west-1', credentials })
  t.ok(sender)
})
