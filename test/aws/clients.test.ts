import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { clientConfig, createClient, createStsClient } from '../../src/aws/clients.js'
import type { StsSender } from '../../src/aws/roleVault.js'

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' }
const CALLER = 'arn:aws:iam::111122223333:user/local'

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
  t.same(clientConfig({ region: 'eu-west-1', credentials }), { region: 'eu-west-1', credentials }, 'no undefined keys')
  t.same(clientConfig({ region: 'eu-west-1', credentials, endpoint: 'http://x:1', maxAttempts: 2 }), {
    region: 'eu-west-1',
    credentials,
    endpoint: 'http://x:1',
    maxAttempts: 2,
  })
})

t.test(`${createStsClient.name} sends to the explicit endpoint, signed with the given credentials`, async (t) => {
  const { url, seen } = await fakeStsEndpoint(t)
  const sts = createStsClient({ region: 'eu-west-1', credentials, endpoint: url })
  t.ok(sts instanceof STSClient)
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

t.test('STSClient is a StsSender', async (t) => {
  const sender: StsSender = createStsClient({ region: 'eu-west-1', credentials })
  t.ok(sender)
})
