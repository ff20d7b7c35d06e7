import t from 'tap'
import { ecrAccountId, ecrRegion, isEcrImage, normalizeDeclared, registryOf } from '../../src/aws/ecrRegistry.js'

const ACCT = '123456789012'

t.test(ecrRegion.name, async (t) => {
  t.equal(ecrRegion(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com`), 'us-east-1')
  t.equal(ecrRegion(`${ACCT}.dkr.ecr-fips.us-gov-west-1.amazonaws.com`), 'us-gov-west-1', 'FIPS')
  t.equal(ecrRegion(`${ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn`), 'cn-north-1', 'China')
  t.equal(ecrRegion(`${ACCT}.dkr-ecr.eu-west-1.on.aws`), 'eu-west-1', 'dual-stack')
  t.equal(ecrRegion(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com:443`), 'us-east-1', 'port ignored')
  t.equal(ecrRegion('public.ecr.aws'), undefined, 'ECR Public pulls anonymously')
  t.equal(ecrRegion('12345678901.dkr.ecr.us-east-1.amazonaws.com'), undefined, 'account ids have 12 digits')
  t.equal(ecrRegion(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com.evil.example`), undefined, 'anchored at the end')
})

t.test(ecrAccountId.name, async (t) => {
  t.equal(ecrAccountId(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com`), ACCT)
  t.equal(ecrAccountId('127.0.0.1:5000'), undefined)
})

t.test(registryOf.name, async (t) => {
  t.equal(registryOf('nginx'), 'docker.io')
  t.equal(registryOf(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com/app:1`), `${ACCT}.dkr.ecr.us-east-1.amazonaws.com`)
})

t.test(isEcrImage.name, async (t) => {
  t.ok(isEcrImage(`${ACCT}.dkr.ecr.us-east-1.amazonaws.com/app:1`, []), 'ECR host')
  t.notOk(isEcrImage('nginx', []), 'Docker Hub')
  t.ok(isEcrImage('127.0.0.1:5000/app', ['127.0.0.1:5000']), 'declared registry')
  t.notOk(isEcrImage('127.0.0.1:5001/app', ['127.0.0.1:5000']), 'another port is another registry')
  t.ok(isEcrImage('localhost:4510/app', ['http://LOCALHOST:4510/']), 'declared with scheme, case and slash')
})

t.test(normalizeDeclared.name, async (t) => {
  t.equal(normalizeDeclared(' https://Reg.Local:5000// '), 'reg.local:5000')
})
