import t from 'tap'
import { EcrAuth } from '../../src/aws/ecrAuth.js'
import type { ExecutionClients } from '../../src/aws/executionClients.js'
import { containerEnvironment, registryAuth } from '../../src/agent/executionRole.js'
import { FakeAws, NO_WAIT, s3Body } from '../aws/awsFakes.js'

const ROLE = 'arn:aws:iam::111122223333:role/exec'
const ECR_IMAGE = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1'
const PULL_SECRET = 'arn:aws:secretsmanager:ap-south-1:111122223333:secret:pull-AbCdEf'

/** One fake per service; `asked` lists every client handed out as `service region`. */
function fakeExecutionClients() {
  const asked: string[] = []
  const services = {
    ecr: new FakeAws({
      GetAuthorizationTokenCommand: () => ({
        authorizationData: [
          {
            authorizationToken: Buffer.from('AWS:ecr-pw').toString('base64'),
            proxyEndpoint: 'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com',
            expiresAt: new Date(Date.now() + 3_600_000),
          },
        ],
      }),
    }),
    secretsManager: new FakeAws({
      GetSecretValueCommand: () => ({ SecretString: '{"Username":"me","password":"pull-pw"}' }),
    }),
    ssm: new FakeAws({
      GetParametersCommand: (input) => ({
        Parameters: (input.Names as string[]).map((n) => ({ Name: n, Value: `ssm:${n}` })),
      }),
    }),
    s3: new FakeAws({ GetObjectCommand: () => s3Body('FROM_FILE=file\nSHARED=file\n') }),
  }
  const hand = <K extends keyof typeof services>(service: K) => {
    return (region: string) => {
      asked.push(`${service} ${region}`)
      return services[service]
    }
  }
  const clients: ExecutionClients = {
    ecr: hand('ecr'),
    secretsManager: hand('secretsManager'),
    ssm: hand('ssm'),
    s3: hand('s3'),
    logs: () => {
      throw new Error('no logs client expected')
    },
  }
  return { clients, asked, services }
}

const ctx = (clients: ExecutionClients) => ({
  clients,
  ecrAuth: new EcrAuth({ retry: NO_WAIT }),
  ecrRegistries: [],
  region: 'us-east-1',
  roleArn: ROLE,
})

t.test(`${registryAuth.name}: repositoryCredentials from the secret's region, for the image's registry`, async (t) => {
  const { clients, asked } = fakeExecutionClients()
  const def = {
    name: 'app',
    image: 'registry.example.com:5000/team/app:1',
    repositoryCredentials: { credentialsParameter: PULL_SECRET },
  }
  t.strictSame(await registryAuth(def, ctx(clients)), {
    username: 'me',
    password: 'pull-pw',
    serveraddress: 'registry.example.com:5000',
  })
  t.strictSame(asked, ['secretsManager ap-south-1'])
})

t.test(`${registryAuth.name}: an ECR image takes a token from its own region`, async (t) => {
  const { clients, asked, services } = fakeExecutionClients()
  t.strictSame(await registryAuth({ name: 'app', image: ECR_IMAGE }, ctx(clients)), {
    username: 'AWS',
    password: 'ecr-pw',
    serveraddress: 'https://111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  })
  t.strictSame(asked, ['ecr eu-west-1'])
  t.strictSame(services.ecr.calls[0]?.input, { registryIds: ['111122223333'] })
})

t.test(`${registryAuth.name}: a public image needs no credentials and no call`, async (t) => {
  const { clients, asked } = fakeExecutionClients()
  t.equal(await registryAuth({ name: 'app', image: 'nginx:1.27' }, ctx(clients)), undefined)
  t.strictSame(asked, [])
})

t.test(`${containerEnvironment.name}: secrets, then environment, then files fill what is unset`, async (t) => {
  const { clients, asked } = fakeExecutionClients()
  const env = await containerEnvironment(
    {
      name: 'app',
      environment: [
        { name: 'SHARED', value: 'environment' },
        { name: 'TOKEN', value: 'environment' },
      ],
      secrets: [{ name: 'TOKEN', valueFrom: '/app/token' }],
      environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::bucket/app.env' }],
    },
    clients,
    'us-east-1',
  )
  const byName = Object.fromEntries(env.map((e) => [e.name, e.value]))
  t.strictSame(byName, { TOKEN: 'ssm:/app/token', SHARED: 'environment', FROM_FILE: 'file' })
  t.strictSame(asked.sort(), ['s3 us-east-1', 'ssm us-east-1'])
})

t.test(`${containerEnvironment.name}: nothing to fetch, no client asked for`, async (t) => {
  const { clients, asked } = fakeExecutionClients()
  const environment = [{ name: 'A', value: '1' }]
  t.equal(await containerEnvironment({ name: 'app', environment }, clients, 'us-east-1'), environment)
  t.strictSame(asked, [])
})
