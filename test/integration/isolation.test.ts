import t from 'tap'
import { cli, newStateDir, start } from '../helpers/cli.js'
import { containerEnv, containerOf, managedContainers, nodeExec, waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, idleCommand, writeTask } from '../helpers/tasks.js'

/** From inside a container: status, code and role of each request; never the secrets themselves. */
const probe = (paths: string[]) => `
const out = []
for (const p of ${JSON.stringify(paths)}) {
  const r = await fetch('http://169.254.170.2' + p)
  const text = await r.text()
  let body = {}
  try { body = JSON.parse(text) } catch {}
  out.push({ path: p, status: r.status, code: body.code, roleArn: body.RoleArn, hasSecret: 'SecretAccessKey' in body,
    mentionsExec: text.includes('-exec') })
}
console.log(JSON.stringify(out))`

interface Probe {
  path: string
  status: number
  code?: string
  roleArn?: string
  hasSecret: boolean
  mentionsExec: boolean
}

t.test('two tasks from two run processes share one endpoint and cannot read each other', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const dir = newStateDir()
  const env = { ECS_LOCAL_STATE_DIR: dir }
  t.teardown(() => cli(['daemon', 'stop'], env))
  const fileA = writeTask(dir, 'taska', [{ name: 'app', image, command: idleCommand, stopTimeout: 5 }])
  const fileB = writeTask(dir, 'taskb', [{ name: 'app', image, command: idleCommand, stopTimeout: 5 }])

  // Both at once, with no daemon running: one starts it, both end up on it.
  const a = start(['run', fileA, '--aws', 'local', '--json'], env)
  const b = start(['run', fileB, '--aws', 'local', '--json'], env)
  t.teardown(() => {
    a.child.kill('SIGINT')
    b.child.kill('SIGINT')
  })
  const arnOf = (out: () => string) =>
    waitFor('task RUNNING', () => {
      const ev = events(out())
      const task = ev.find((e) => e.type === 'task')
      if (ev.some((e) => e.type === 'stopped')) throw new Error(`task stopped early: ${out()}`)
      return ev.some((e) => e.type === 'status' && e.status === 'RUNNING') && task?.type === 'task'
        ? task.taskArn
        : undefined
    })
  const [arnA, arnB] = await Promise.all([arnOf(a.stdout), arnOf(b.stdout)])
  const idA = await containerOf(arnA, 'app')
  const idB = await containerOf(arnB, 'app')
  const uriA = (await containerEnv(idA)).AWS_CONTAINER_CREDENTIALS_RELATIVE_URI as string
  const uriB = (await containerEnv(idB)).AWS_CONTAINER_CREDENTIALS_RELATIVE_URI as string
  t.match(uriA, /^\/v2\/credentials\/[0-9a-f-]{36}$/)
  t.not(uriA, uriB, 'one credentials id per task')
  const idOfB = uriB.split('/').pop() as string

  const paths = [
    uriA,
    uriB,
    `/v1/credentials?id=${idOfB}`,
    '/v2/credentials/00000000-0000-4000-8000-000000000000',
    '/v2/credentials/',
    '/v2/credentials',
    '/v1/credentials',
    '/v2/metadata',
    '/credentials',
  ]
  const results = JSON.parse(await nodeExec(idA, probe(paths))) as Probe[]
  const byPath = Object.fromEntries(results.map((r) => [r.path, r]))
  t.equal(byPath[uriA]?.status, 200, 'own credentials')
  t.match(byPath[uriA]?.roleArn, /role\/taska-task$/)
  t.equal(byPath[uriB]?.status, 403, "another task's id is refused")
  t.equal(byPath[uriB]?.code, 'AccessDenied')
  t.equal(byPath[`/v1/credentials?id=${idOfB}`]?.status, 403, 'v1 refuses it too')
  t.equal(byPath['/v2/credentials/00000000-0000-4000-8000-000000000000']?.status, 400, 'a made-up id')
  t.equal(byPath['/v2/credentials/00000000-0000-4000-8000-000000000000']?.code, 'InvalidIdInRequest')
  t.equal(byPath['/v2/credentials/']?.code, 'NoIdInRequest')
  for (const r of results) {
    t.notOk(r.mentionsExec, `${r.path}: no trace of the execution role`)
    if (r.path !== uriA) t.notOk(r.hasSecret, `${r.path}: no credentials`)
  }

  // Stop B; its id is then unknown (400), not merely forbidden.
  b.child.kill('SIGINT')
  const bExit = await b.exited
  t.ok(
    events(bExit.stdout).some((e) => e.type === 'stopped'),
    'B stopped and reported it',
  )
  const after = JSON.parse(await nodeExec(idA, probe([uriB]))) as Probe[]
  t.equal(after[0]?.status, 400, "a stopped task's id answers 400")
  t.equal(after[0]?.code, 'InvalidIdInRequest')

  a.child.kill('SIGINT')
  await a.exited
  const left = await waitFor('containers removed', async () =>
    (await managedContainers()).length === 0 ? true : undefined,
  )
  t.ok(left, 'nothing left behind')
})
