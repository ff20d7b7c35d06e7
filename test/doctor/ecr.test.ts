import t from 'tap'
import { checkEcr, ecrImagesByRegion } from '../../src/doctor/checks/ecr.js'
import { config, ECR_IMAGE, fakeProbes, sysError, taskDefinition } from './fakeProbes.js'

const US_IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/worker@sha256:' + 'a'.repeat(64)
const def = taskDefinition({
  containerDefinitions: [
    { name: 'app', image: ECR_IMAGE },
    { name: 'worker', image: US_IMAGE },
    { name: 'proxy', image: 'public.ecr.aws/nginx/nginx:1' },
    { name: 'local', image: '127.0.0.1:5000/tools:1' },
  ],
})

t.test(
  `${ecrImagesByRegion.name}: by the region of the registry host; declared registries in the task's region`,
  async (t) => {
    t.same(
      [...ecrImagesByRegion(def, config())],
      [
        ['eu-west-1', [ECR_IMAGE]],
        ['us-east-1', [US_IMAGE]],
      ],
    )
    const declared = ecrImagesByRegion(
      def,
      config({ 'ecr-registry': ['http://127.0.0.1:5000/'], region: 'eu-central-1' }),
    )
    t.same(declared.get('eu-central-1'), ['127.0.0.1:5000/tools:1'])
  },
)

t.test('the ECR API answers: one ok line per region', async (t) => {
  const probes = fakeProbes()
  const results = await checkEcr(probes, config(), def)
  t.same(probes.recorded.ecr, ['eu-west-1', 'us-east-1'])
  t.match(results, [
    {
      name: 'ecr eu-west-1',
      status: 'ok',
      detail: `api.ecr.eu-west-1.amazonaws.com answers (HTTP 400); ${ECR_IMAGE} needs an authorization token from api.ecr.eu-west-1.amazonaws.com`,
    },
    { name: 'ecr us-east-1', status: 'ok' },
  ])
})

t.test('the ECR API unreachable: a failure, and where to look', async (t) => {
  const probes = fakeProbes({
    ecrEndpoint: async (region) => ({
      ok: false,
      endpoint: `https://api.ecr.${region}.amazonaws.com`,
      error: sysError('ENOTFOUND', `getaddrinfo ENOTFOUND api.ecr.${region}.amazonaws.com`),
    }),
  })
  const [r] = await checkEcr(probes, config(), taskDefinition())
  t.match(r, { name: 'ecr eu-west-1', status: 'FAIL', code: 'ECSL_ERR_RESOURCE_INIT' })
  t.match(
    r?.detail,
    'api.ecr.eu-west-1.amazonaws.com does not answer: getaddrinfo ENOTFOUND api.ecr.eu-west-1.amazonaws.com',
  )
  t.match(r?.fix, /^check proxy\/VPN\/DNS for api.ecr.eu-west-1.amazonaws.com/)
})

t.test("a TLS-inspecting proxy: reachable, but node lacks the proxy's CA", async (t) => {
  const probes = fakeProbes({
    ecrEndpoint: async () => ({
      ok: false,
      endpoint: 'https://api.ecr.eu-west-1.amazonaws.com',
      error: sysError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
    }),
  })
  const [r] = await checkEcr(probes, config(), taskDefinition())
  t.match(r, { status: 'FAIL', fix: /NODE_EXTRA_CA_CERTS/ })
})

t.test('no ECR image, or --aws local: skipped, nothing asked', async (t) => {
  const probes = fakeProbes()
  const plain = taskDefinition({ containerDefinitions: [{ name: 'app', image: 'busybox' }] })
  t.match(await checkEcr(probes, config(), plain), [
    { name: 'ecr', status: 'skip', detail: 'no ECR image in the task definition' },
  ])
  t.match(await checkEcr(probes, config({ aws: 'local' }), def), [
    { name: 'ecr', status: 'skip', detail: /embedded local AWS/ },
  ])
  t.same(probes.recorded.ecr, [])
})
