import t from 'tap'
import { cli, start, startDaemon } from '../helpers/cli.js'
import { containerEnv, containerOf, nodeExec, waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, idleCommand, jsonOutputOf, writeTask } from '../helpers/tasks.js'

const ASSUMED = /^arn:aws:sts::000000000000:assumed-role\/full-task\/ecs-local-[0-9a-f]{32}$/

t.test('FULL_URI credentials for the JS SDK v3', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const file = writeTask(d.stateDir, 'full', [{ name: 'app', image }])

  for (const mode of ['full-uri', 'full-uri-token-file']) {
    const r = await cli(['run', file, '--aws', 'local', '--json', '--credentials-endpoint', mode], d.env)
    t.equal(r.code, 0, `${mode}: ${r.stderr}`)
    t.match(jsonOutputOf<{ Arn: string }>(r, 'app')[0]?.Arn, ASSUMED, `${mode}: the task role`)
  }

  // A task left running, to ask its endpoint with wrong and missing tokens from inside.
  const idle = writeTask(d.stateDir, 'full', [{ name: 'app', image, command: idleCommand, stopTimeout: 5 }])
  const run = start(['run', idle, '--aws', 'local', '--json', '--credentials-endpoint', 'full-uri'], d.env)
  t.teardown(() => run.child.kill('SIGINT'))
  const arn = await waitFor('RUNNING', () => {
    const ev = events(run.stdout())
    const task = ev.find((e) => e.type === 'task')
    return ev.some((e) => e.type === 'status' && e.status === 'RUNNING') && task?.type === 'task'
      ? task.taskArn
      : undefined
  })
  const id = await containerOf(arn, 'app')
  const env = await containerEnv(id)
  t.match(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, /^http:\/\/169\.254\.170\.2\/v2\/credentials\/[0-9a-f-]{36}$/)
  t.notOk('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' in env, 'no RELATIVE_URI beside FULL_URI')
  t.ok(env.AWS_CONTAINER_AUTHORIZATION_TOKEN, 'a token is given')
  const statuses = JSON.parse(
    await nodeExec(
      id,
      `const u = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, tok = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN
       const s = async (h) => (await fetch(u, { headers: h })).status
       console.log(JSON.stringify([await s({ authorization: tok }), await s({}), await s({ authorization: tok + 'x' })]))`,
    ),
  ) as number[]
  t.same(statuses, [200, 403, 403], 'right token 200; missing or wrong token 403')
})
