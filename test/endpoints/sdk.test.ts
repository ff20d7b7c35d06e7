import { spawn, spawnSync } from 'node:child_process'
import { fromContainerMetadata, fromHttp } from '@aws-sdk/credential-providers'
import t from 'tap'
import { buildApp } from '../../src/endpoints/app.js'
import { CREDS, CREDS_ID, memoryLog, registryWith, task } from './fixtures.js'

/**
 * Credentials an hour ahead of the wall clock: real SDKs refuse expired ones (botocore does), so a fixed date
 * would turn this test red once it passed.
 */
const LIVE = { ...CREDS, expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000) }
const LIVE_ISO = LIVE.expiration.toISOString()

/** The official providers against a real socket: the registry binds 127.0.0.1 to the task. */
async function listening(authorizationToken?: string) {
  const app = buildApp({
    registry: registryWith(task({ authorizationToken }), { ip: '127.0.0.1', creds: LIVE }),
    logger: memoryLog().logger,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  return { app, url: `http://127.0.0.1:${port}/v2/credentials/${CREDS_ID}` }
}

t.test('fromHttp (FULL_URI + token) gets the right keys', async (t) => {
  const { app, url } = await listening('tok-abc')
  t.teardown(() => app.close())
  const creds = await fromHttp({ awsContainerCredentialsFullUri: url, awsContainerAuthorizationToken: 'tok-abc' })()
  t.equal(creds.accessKeyId, CREDS.accessKeyId)
  t.equal(creds.secretAccessKey, CREDS.secretAccessKey)
  t.equal(creds.sessionToken, CREDS.sessionToken)
  t.equal(creds.expiration?.toISOString(), LIVE_ISO)
})

t.test('fromHttp with a wrong token is refused', async (t) => {
  const { app, url } = await listening('tok-abc')
  t.teardown(() => app.close())
  const provider = fromHttp({
    awsContainerCredentialsFullUri: url,
    awsContainerAuthorizationToken: 'tok-wrong',
    maxRetries: 0,
    timeout: 500,
  })
  await t.rejects(provider(), /status: 403/)
})

t.test('fromContainerMetadata (FULL_URI) accepts the Expiration format', async (t) => {
  const { app, url } = await listening()
  const saved = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = url
  t.teardown(async () => {
    if (saved === undefined) delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI
    else process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = saved
    await app.close()
  })
  const creds = await fromContainerMetadata()()
  t.equal(creds.accessKeyId, CREDS.accessKeyId)
  t.equal(creds.expiration?.toISOString(), LIVE_ISO)
})

const BOTO = `
import os, botocore.credentials as c
creds = c.ContainerProvider().load()
print(creds.access_key, creds._expiry_time.isoformat())
`
const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0

t.test('botocore ContainerProvider (FULL_URI + token) accepts the response', { skip: !hasBotocore }, async (t) => {
  const { app, url } = await listening('tok-abc')
  t.teardown(() => app.close())
  const env = { ...process.env, AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok-abc' }
  // async spawn: the server answers from this same event loop.
  const out = await new Promise<string>((resolve, reject) => {
    let text = ''
    const child = spawn('python3', ['-c', BOTO], { env })
    child.stdout.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`python3 exited ${code}`))))
  })
  t.equal(out.trim(), `${CREDS.accessKeyId} ${LIVE_ISO.replace('.000Z', '+00:00')}`)
})
