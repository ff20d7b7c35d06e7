import t from 'tap'
import { parseImageRef } from '../../src/aws/imageRef.js'

const DIGEST = `sha256:${'a'.repeat(64)}`

t.test(parseImageRef.name, async (t) => {
  t.same(parseImageRef('nginx'), { registry: 'docker.io', repository: 'library/nginx' }, 'Docker Hub official image')
  t.same(parseImageRef('nginx:1.25'), { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }, 'tag')
  t.same(parseImageRef('user/app'), { registry: 'docker.io', repository: 'user/app' }, 'Hub user image')
  t.same(parseImageRef('docker.io/nginx'), { registry: 'docker.io', repository: 'library/nginx' }, 'explicit hub')
  t.same(parseImageRef('index.docker.io/library/nginx'), { registry: 'docker.io', repository: 'library/nginx' })
  t.same(parseImageRef('localhost/app'), { registry: 'localhost', repository: 'app' }, 'localhost is a registry')
  t.same(parseImageRef('registry:5000/app'), { registry: 'registry:5000', repository: 'app' }, 'a port makes it one')
  t.same(
    parseImageRef('127.0.0.1:5000/team/app:v1'),
    { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'v1' },
    'port colon is not a tag',
  )
  t.same(
    parseImageRef(`ghcr.io/o/r:1@${DIGEST}`),
    { registry: 'ghcr.io', repository: 'o/r', tag: '1', digest: DIGEST },
    'tag and digest',
  )
  t.same(parseImageRef('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@' + DIGEST), {
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    repository: 'app',
    digest: DIGEST,
  })
  t.same(parseImageRef('[::1]:5000/app'), { registry: '[::1]:5000', repository: 'app' }, 'IPv6 registry')
})

t.test(`${parseImageRef.name} rejects what Docker rejects, saying what it accepts`, async (t) => {
  for (const bad of ['', 'Nginx', 'app:', 'app@sha256:short', 'docker.io/', 'a//b', 'app:-x']) {
    t.throws(() => parseImageRef(bad), { name: 'TypeError', message: /expected \[registry\[:port\]\/\]path/ }, bad)
  }
})
