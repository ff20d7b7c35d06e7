import t from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'

// The migration path from amazon-ecs-local-container-endpoints: a container the daemon knows nothing of names a
// role in its relative URI, and a real SDK gets that role (only with --legacy-role-paths).
t.test('--legacy-role-paths: /role/<name> and /role-arn/<arn> serve a real SDK the role it names', async (t) => {
  const docker = createDockerClient()
  const image = await ensureNodeSdkImage(docker)
  const d = await startDaemon(['--aws', 'local', '--legacy-role-paths'])
  t.teardown(d.stop)
  const whoami = async (uri: string) => {
    const container = await docker.createContainer({
      Image: image,
      Tty: true,
      Env: [
        `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${uri}`,
        'AWS_ENDPOINT_URL=http://169.254.170.2:4566',
        'AWS_REGION=us-east-1',
      ],
      HostConfig: { NetworkMode: 'ecs-local' },
    })
    t.teardown(() => container.remove({ force: true }).catch(() => undefined))
    await container.start()
    await container.wait()
    // docker-modem parses a response that is valid JSON (a TTY's one JSON line is): take either form.
    const logs: unknown = await container.logs({ follow: false, stdout: true, stderr: true })
    return (Buffer.isBuffer(logs) ? JSON.parse(logs.toString('utf8').trim()) : logs) as { Arn?: string }
  }
  t.match((await whoami('/role/legacy-reader')).Arn, /^arn:aws:sts::000000000000:assumed-role\/legacy-reader\//)
  const other = await whoami('/role-arn/arn:aws:iam::111122223333:role/legacy-writer')
  t.match(other.Arn, /^arn:aws:sts::111122223333:assumed-role\/legacy-writer\//)
  const base = await whoami('/creds')
  t.match(base.Arn, /^arn:aws:iam::000000000000:user\//, 'the base identity, by a session token')
})
