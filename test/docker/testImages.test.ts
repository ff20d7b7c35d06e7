import t from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { ensureAwscliImage, runIn } from '../helpers/images.js'

// The debootstrap-built image with clients nobody here wrote. Minutes on a fresh engine, instant afterwards.
t.test(`${ensureAwscliImage.name} gives an image with awscli v2 and boto3`, async (t) => {
  const docker = createDockerClient()
  let started = Date.now()
  const tag = await ensureAwscliImage()
  t.comment(`ensureAwscliImage (build or reuse) took ${Date.now() - started} ms: ${tag}`)
  t.match(tag, /^ecs-local-test\/awscli:trixie-[0-9a-f]{12}$/)
  const info = await docker.getImage(tag).inspect()
  t.equal(info.Config.Labels?.['ecs-local-test'], 'true', 'not ecs-local=true, which the daemon sweeps')

  const { code: StatusCode, output } = await runIn(t, docker, tag, [
    'sh',
    '-c',
    'aws --version && python3 -c "import boto3; print(\'boto3\', boto3.__version__)"',
  ])
  t.equal(StatusCode, 0, output)
  t.match(output, /^aws-cli\/2\./m)
  t.match(output, /^boto3 \d+\./m)

  started = Date.now()
  t.equal(await ensureAwscliImage(), tag, 'second call: same tag')
  t.ok(Date.now() - started < 10_000, 'reused, not rebuilt')
})
