import t from 'tap'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { buildContainerEnv, type EnvContext } from '../../src/agent/env.js'

const name = buildContainerEnv.name
const ctx = (over: Partial<EnvContext> = {}): EnvContext => ({
  endpointHost: '169.254.170.2',
  endpointPort: 80,
  endpointId: 'eid-1',
  credentialsId: 'cred-1',
  credentialsMode: 'relative',
  launchType: 'FARGATE',
  region: 'eu-west-1',
  imageEnv: [],
  ...over,
})
const def = (environment: Record<string, string> = {}): ContainerDefinition => ({
  name: 'app',
  image: 'x',
  environment: Object.entries(environment).map(([n, value]) => ({ name: n, value })),
})
const envOf = (d: ContainerDefinition, c: EnvContext): Record<string, string> => {
  const list = buildContainerEnv(d, c)
  const out: Record<string, string> = {}
  for (const e of list) {
    const i = e.indexOf('=')
    out[e.slice(0, i)] = e.slice(i + 1)
  }
  return out
}

t.test(`${name}: RELATIVE_URI only with a task role`, async (t) => {
  const withRole = envOf(def(), ctx())
  t.equal(withRole.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, '/v2/credentials/cred-1')
  t.notOk('AWS_CONTAINER_CREDENTIALS_FULL_URI' in withRole)
  const noRole = envOf(def(), ctx({ credentialsId: undefined }))
  t.notOk('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' in noRole)
  t.notOk('AWS_CONTAINER_CREDENTIALS_FULL_URI' in noRole)
  t.notOk(
    'AWS_CONTAINER_AUTHORIZATION_TOKEN' in
      envOf(def(), ctx({ credentialsId: undefined, credentialsMode: 'full-uri', authorizationToken: 'tok' })),
  )
})

t.test(`${name}: FULL_URI in full-uri mode`, async (t) => {
  const env = envOf(def(), ctx({ credentialsMode: 'full-uri', authorizationToken: 'tok' }))
  t.equal(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'http://169.254.170.2/v2/credentials/cred-1')
  t.notOk('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' in env)
})

t.test(`${name}: FULL_URI with the port when the endpoint is not on 80`, async (t) => {
  const env = envOf(def(), ctx({ endpointPort: 51679 }))
  t.equal(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'http://169.254.170.2:51679/v2/credentials/cred-1')
  t.notOk('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' in env)
  t.equal(env.ECS_CONTAINER_METADATA_URI_V4, 'http://169.254.170.2:51679/v4/eid-1', 'metadata URIs carry it too')
})

t.test(`${name}: AWS_CONTAINER_AUTHORIZATION_TOKEN in full-uri mode`, async (t) => {
  const env = envOf(def(), ctx({ credentialsMode: 'full-uri', authorizationToken: 'tok', tokenFilePath: '/f' }))
  t.equal(env.AWS_CONTAINER_AUTHORIZATION_TOKEN, 'tok')
  t.notOk('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE' in env)
})

t.test(`${name}: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE in full-uri-token-file mode`, async (t) => {
  const env = envOf(
    def(),
    ctx({ credentialsMode: 'full-uri-token-file', authorizationToken: 'tok', tokenFilePath: '/f' }),
  )
  t.equal(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'http://169.254.170.2/v2/credentials/cred-1')
  t.equal(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, '/f')
  t.notOk('AWS_CONTAINER_AUTHORIZATION_TOKEN' in env, 'the token itself is not in the environment')
})

t.test(`${name}: no authorization token in relative mode`, async (t) => {
  const env = envOf(def(), ctx({ authorizationToken: 'tok', tokenFilePath: '/f' }))
  t.notOk('AWS_CONTAINER_AUTHORIZATION_TOKEN' in env)
  t.notOk('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE' in env)
})

t.test(`${name}: metadata and agent URIs carry the endpoint id`, async (t) => {
  const env = envOf(def(), ctx({ credentialsId: undefined }))
  t.equal(env.ECS_CONTAINER_METADATA_URI, 'http://169.254.170.2/v3/eid-1')
  t.equal(env.ECS_CONTAINER_METADATA_URI_V4, 'http://169.254.170.2/v4/eid-1')
  t.equal(env.ECS_AGENT_URI, 'http://169.254.170.2/api/eid-1')
})

t.test(`${name}: AWS_EXECUTION_ENV`, async (t) => {
  t.equal(envOf(def(), ctx({ launchType: 'FARGATE' })).AWS_EXECUTION_ENV, 'AWS_ECS_FARGATE')
  t.equal(envOf(def(), ctx({ launchType: 'EC2' })).AWS_EXECUTION_ENV, 'AWS_ECS_EC2')
})

t.test(`${name}: region defaults only when neither task nor image sets one`, async (t) => {
  const none = envOf(def(), ctx())
  t.equal(none.AWS_REGION, 'eu-west-1')
  t.equal(none.AWS_DEFAULT_REGION, 'eu-west-1')
  for (const key of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const fromTask = envOf(def({ [key]: 'ap-south-1' }), ctx())
    t.equal(fromTask[key], 'ap-south-1', `task ${key} kept`)
    t.equal(Object.keys(fromTask).filter((k) => /^AWS(_DEFAULT)?_REGION$/.test(k)).length, 1, `task ${key}: no other`)
    const fromImage = envOf(def(), ctx({ imageEnv: ['PATH=/bin', `${key}=ap-south-1`] }))
    t.notOk('AWS_REGION' in fromImage, `image ${key}: no AWS_REGION added`)
    t.notOk('AWS_DEFAULT_REGION' in fromImage, `image ${key}: no AWS_DEFAULT_REGION added`)
  }
})

t.test(`${name}: defaults only when task or image does not set them`, async (t) => {
  const defaults = { AWS_ENDPOINT_URL: 'http://local:4566', AWS_ENDPOINT_URL_STS: 'http://local:4566' }
  const plain = envOf(def(), ctx({ defaults }))
  t.equal(plain.AWS_ENDPOINT_URL, 'http://local:4566')
  t.equal(plain.AWS_ENDPOINT_URL_STS, 'http://local:4566')
  const task = envOf(def({ AWS_ENDPOINT_URL: 'http://mine' }), ctx({ defaults }))
  t.equal(task.AWS_ENDPOINT_URL, 'http://mine', 'task wins')
  t.equal(task.AWS_ENDPOINT_URL_STS, 'http://local:4566', 'others still added')
  const image = envOf(def(), ctx({ defaults, imageEnv: ['AWS_ENDPOINT_URL=http://img'] }))
  t.notOk('AWS_ENDPOINT_URL' in image, 'image value left to the image')
})

t.test(`${name}: agent variables win over the task's own`, async (t) => {
  const env = envOf(
    def({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/evil', ECS_CONTAINER_METADATA_URI_V4: 'http://x', APP: '1' }),
    ctx(),
  )
  t.equal(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, '/v2/credentials/cred-1')
  t.equal(env.ECS_CONTAINER_METADATA_URI_V4, 'http://169.254.170.2/v4/eid-1')
  t.equal(env.APP, '1', 'the task variables themselves kept')
})

t.test(`${name}: in FULL_URI mode a task's own RELATIVE_URI does not survive`, async (t) => {
  const env = envOf(
    def({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/evil' }),
    ctx({ credentialsMode: 'full-uri', authorizationToken: 'tok' }),
  )
  t.notOk('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' in env, 'RELATIVE_URI removed')
})

t.test(`${name}: each variable once, as NAME=value`, async (t) => {
  const list = buildContainerEnv(def({ AWS_REGION: 'x', A: 'b=c' }), ctx({ defaults: { A: 'd' } }))
  const names = list.map((e) => e.split('=', 1)[0])
  t.equal(new Set(names).size, names.length)
  t.ok(list.includes('A=b=c'), 'values may hold =')
})
