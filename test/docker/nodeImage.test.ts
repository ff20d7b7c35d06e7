import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { ensureNodeImage, nodeImageRef, sharedLibraries } from '../../src/docker/nodeImage.js'
import { ensureNodeSdkImage, runIn, WHOAMI } from '../helpers/images.js'

t.test(sharedLibraries.name, async (t) => {
  const libs = await sharedLibraries(process.execPath)
  t.ok(libs.length > 0)
  t.ok(
    libs.every((l) => l.startsWith('/')),
    'absolute paths only (no vdso)',
  )
  t.ok(
    libs.some((l) => /\/ld-linux[^/]*\.so/.test(l)),
    'the dynamic loader is included',
  )
  t.ok(libs.some((l) => /\/libc\.so/.test(l)))
})

t.test(nodeImageRef.name, async (t) => {
  const fixture = t.testdir({
    node_modules: { a: { 'package.json': JSON.stringify({ name: 'a', version: '1.0.0' }) } },
    'app.js': 'console.log(1)',
  })
  const base = { tag: 'ecs-local-test/ref', packages: ['a'], nodeModulesDir: `${fixture}/node_modules` }
  const ref = await nodeImageRef(base)
  t.match(ref, /^ecs-local-test\/ref:[0-9a-f]{16}$/)
  t.equal(await nodeImageRef(base), ref, 'stable for the same inputs')
  t.not(await nodeImageRef({ ...base, env: { X: '1' } }), ref, 'env is an input')
  t.not(await nodeImageRef({ ...base, files: { '/app/app.js': `${fixture}/app.js` } }), ref, 'files are inputs')
  t.match(await nodeImageRef({ ...base, tag: 'x/y:v1' }), /^x\/y:v1-[0-9a-f]{16}$/)
  await t.rejects(nodeImageRef({ ...base, env: { 'BAD KEY': '1' } }), /invalid image env entry/)
})

// Integration: the real engine and the real AWS SDK v3. No engine means failure, never a skip.
t.test(`${ensureNodeImage.name} runs the real AWS SDK v3 in a FROM scratch image`, async (t) => {
  const docker = createDockerClient()
  let started = Date.now()
  const image = await ensureNodeSdkImage(docker)
  t.comment(`ensureNodeSdkImage (build or reuse) took ${Date.now() - started} ms: ${image}`)
  const info = await docker.getImage(image).inspect()
  t.equal(info.Config.Labels?.['ecs-local-test'], 'true')
  t.comment(`image size ${Math.round(info.Size / 1e6)} MB`)

  const check = `require('@aws-sdk/client-sts'); require('@aws-sdk/credential-providers'); console.log('ok', process.version)`
  const cjs = await runIn(t, docker, image, ['node', '-e', check])
  t.equal(cjs.code, 0, cjs.output)
  t.equal(cjs.output, `ok ${process.version}`, 'the same node as this machine')

  const esm = `import { STSClient } from '@aws-sdk/client-sts'; console.log(typeof STSClient, (await import('node:fs')).statSync('/tmp').mode.toString(8))`
  const mjs = await runIn(t, docker, image, ['node', '--input-type=module', '-e', esm])
  t.equal(mjs.output, 'function 41777', 'ESM import works; /tmp is a sticky world-writable dir')

  const syntax = await runIn(t, docker, image, ['node', '--check', WHOAMI])
  t.equal(syntax.code, 0, `the test client is in the image: ${syntax.output}`)

  started = Date.now()
  t.equal(await ensureNodeSdkImage(docker), image, 'second call: same tag')
  t.comment(`reuse took ${Date.now() - started} ms`)
  t.equal((await docker.getImage(image).inspect()).Id, info.Id, 'no rebuild')
})

t.test(`${ensureNodeImage.name} fails clearly for a package that is not installed`, async (t) => {
  const nodeModulesDir = fileURLToPath(new URL('../../node_modules', import.meta.url))
  await t.rejects(
    ensureNodeImage(createDockerClient(), {
      tag: 'ecs-local-test/none',
      packages: ['no-such-pkg-xyz'],
      nodeModulesDir,
    }),
    /no-such-pkg-xyz is not installed/,
  )
})
