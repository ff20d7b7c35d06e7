import { randomBytes } from 'node:crypto'
import t from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { ensureAwscliImage } from '../helpers/images.js'

// The debootstrap-built image with clients nobody here wrote. Minutes on a fresh engine, instant afterwards.
t.test(`${ensureAwscliImage.name} gives an image with awscli v2 and boto3`, async (t) => {
  const docker = createDockerClient()
  let started = Date.now()
  const tag = await ensureAwscliImage()
  t.comment(`ensureAwscliImage (build or reuse) took ${Date.now() - started} ms: ${tag}`)
  t.match(tag, /^ecs-local-test\/awscli:trixie-[0-9a-f]{12}$/)
  const info = await docker.getImage(tag).inspect()
  t.equal(info.Config.Labels?.['ecs-local-test'], 'true', 'not ecs-local=true, which the daemon sweeps')

  const container = await docker.createContainer({
    name: `ecs-local-test-awscli-${randomBytes(4).toString('hex')}`,
    Image: tag,
    Cmd: ['sh', '-c', 'aws --version && python3 -c "import boto3; print(\'boto3\', boto3.__version__)"'],
    Tty: true,
    HostConfig: { NetworkMode: 'none' },
  })
  t.teardown(() => container.remove({ force: true }).catch(() => undefined))
  await container.start()
  const { StatusCode } = (await container.wait()) as { StatusCode: number }
  const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8')
  t.equal(StatusCode, 0, output)
  t.match(output, /^aws-cli\/2\./m)
  t.match(output, /^boto3 \d+\./m)

  started = Date.now()
  t.equal(await ensureAwscliImage(), tag, 'second call: same tag')
  t.ok(Date.now() - started < 10_000, 'reused, not rebuilt')
})
