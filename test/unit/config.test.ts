import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.js'

const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_CONFIG', message })

t.test(`${loadConfig.name}: defaults`, async (t) => {
  const c = loadConfig({}, {})
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0
  t.match(c, {
    aws: 'default',
    region: 'us-east-1',
    dockerSocket: '/var/run/docker.sock',
    stateDir: join(tmpdir(), `ecs-local-${uid}`),
    controlSocket: join(tmpdir(), `ecs-local-${uid}`, 'control.sock'),
    cluster: 'default',
    endpoint: { host: '169.254.170.2', port: 80, fallbackPort: 51679 },
    network: { name: 'ecs-local', subnet: '169.254.170.0/24', gateway: '169.254.170.2' },
    localAws: { port: 4566, maxSessionSeconds: undefined, seedFile: undefined },
    roleSessionSeconds: 3600,
    idleExitSeconds: undefined,
    credentialsMode: 'relative',
    logLevel: 'info',
  })
  t.equal(c.profile, undefined)
})

t.test(`${loadConfig.name}: flags and environment`, async (t) => {
  const env = {
    AWS_PROFILE: 'dev',
    AWS_DEFAULT_REGION: 'eu-north-1',
    ECS_LOCAL_STATE_DIR: '/s',
    ECS_LOCAL_LOG_LEVEL: 'debug',
  }
  const c = loadConfig({}, env)
  t.match(c, {
    profile: 'dev',
    region: 'eu-north-1',
    stateDir: '/s',
    controlSocket: '/s/control.sock',
    logLevel: 'debug',
  })
  t.equal(
    loadConfig({}, { ...env, AWS_REGION: 'eu-west-3' }).region,
    'eu-west-3',
    'AWS_REGION before AWS_DEFAULT_REGION',
  )
  const f = loadConfig(
    {
      aws: 'local',
      profile: 'p',
      region: 'ap-east-1',
      cluster: 'dev',
      'state-dir': '/f',
      'credentials-endpoint': 'full-uri-token-file',
      'local-aws-session-seconds': '60',
      'local-aws-seed': '/seed.json',
      'role-session-seconds': '900',
      'idle-exit': '30',
      'log-level': 'warn',
    },
    { ...env, AWS_REGION: 'eu-west-3' },
  )
  t.match(f, {
    aws: 'local',
    profile: 'p',
    region: 'ap-east-1',
    cluster: 'dev',
    stateDir: '/f',
    credentialsMode: 'full-uri-token-file',
    localAws: { maxSessionSeconds: 60, seedFile: '/seed.json' },
    roleSessionSeconds: 900,
    idleExitSeconds: 30,
    logLevel: 'warn',
  })
})

t.test(`${loadConfig.name}: --aws lists its values`, async (t) => {
  t.throws(() => loadConfig({ aws: 'real' }, {}), invalid(/--aws must be one of default, local \(got "real"\)/))
})

t.test(`${loadConfig.name}: --credentials-endpoint lists its values`, async (t) => {
  t.throws(
    () => loadConfig({ 'credentials-endpoint': 'full' }, {}),
    invalid(/--credentials-endpoint must be one of relative, full-uri, full-uri-token-file \(got "full"\)/),
  )
})

const ranges: Array<[flag: string, min: number, max: number]> = [
  ['role-session-seconds', 900, 43200],
  ['local-aws-session-seconds', 10, 43200],
  ['idle-exit', 1, 86400],
]
for (const [flag, min, max] of ranges) {
  t.test(`${loadConfig.name}: --${flag} range ${min}-${max}`, async (t) => {
    for (const bad of [String(min - 1), String(max + 1), '1.5', 'abc', '']) {
      t.throws(
        () => loadConfig({ [flag]: bad }, {}),
        invalid(new RegExp(`--${flag} must be a whole number of seconds from ${min} to ${max}`)),
        JSON.stringify(bad),
      )
    }
    t.doesNotThrow(() => loadConfig({ [flag]: String(min) }, {}), 'min')
    t.doesNotThrow(() => loadConfig({ [flag]: String(max) }, {}), 'max')
  })
}

t.test(`${loadConfig.name}: --log-level lists its values`, async (t) => {
  t.throws(() => loadConfig({ 'log-level': 'verbose' }, {}), invalid(/--log-level must be one of/))
})

t.test(`${loadConfig.name}: DOCKER_HOST`, async (t) => {
  t.equal(
    loadConfig({}, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).dockerSocket,
    '/run/user/1000/docker.sock',
  )
  t.equal(loadConfig({}, { DOCKER_HOST: '' }).dockerSocket, '/var/run/docker.sock', 'empty: default')
  for (const host of ['tcp://127.0.0.1:2375', 'ssh://me@box', '/var/run/docker.sock']) {
    t.throws(() => loadConfig({}, { DOCKER_HOST: host }), invalid(/DOCKER_HOST must be a unix:\/\/ socket/), host)
  }
})

t.test(`${loadConfig.name}: DOCKER_HOST unix:// with no path`, async (t) => {
  t.throws(() => loadConfig({}, { DOCKER_HOST: 'unix://' }), invalid(/DOCKER_HOST/))
})
