import { randomBytes } from 'node:crypto'
import t from 'tap'
import type { EngineEvent, OutputChunk } from '../../src/agent/engine.js'
import { createDockerClient } from '../../src/docker/client.js'
import { dockerEngine } from '../../src/docker/engine.js'
import { ensureNodeSdkImage } from '../helpers/images.js'

// The Docker side of the ContainerEngine seam, on the real engine: the in-memory engine the lifecycle's unit tests
// use must mean what this one does.

const docker = createDockerClient()
const engine = dockerEngine(docker)
const image = await ensureNodeSdkImage(docker)
const label = `ecs-local-engine-test=${randomBytes(4).toString('hex')}`
const [key, value] = label.split('=') as [string, string]

t.test('create, attach, start, wait, inspect, remove; events and list see it', async (t) => {
  const seen: EngineEvent[] = []
  const stopEvents = await engine.events((e) => {
    if (e.labels[key] === value) seen.push(e)
  })
  t.teardown(stopEvents)
  const id = await engine.create({
    name: `ecs-local-engine-test-${randomBytes(4).toString('hex')}`,
    image,
    cmd: ['node', '-e', "console.log('one'); console.error('two'); process.exit(3)"],
    env: [],
    labels: { [key]: value },
    networkMode: 'bridge',
  })
  t.teardown(() => engine.remove(id))
  t.strictSame(await engine.list([label]), [id], 'list by label')
  const chunks: OutputChunk[] = []
  const { done } = await engine.attach(id, (c) => void chunks.push(c))
  await engine.start(id)
  await engine.start(id) // idempotent
  t.equal(await engine.wait(id), 3, 'exit code')
  await done
  t.strictSame(
    chunks.flatMap((c) => c.lines.map((l) => `${c.stream}: ${l}`)).sort(),
    ['stderr: two', 'stdout: one'],
    'both streams, demultiplexed',
  )
  const state = await engine.inspect(id)
  t.match(state, { id, running: false, exitCode: 3 })
  t.ok(state.startedAt && state.finishedAt)
  await engine.stop(id, 1) // a stopped container: success
  await engine.kill(id) // not running: success
  await engine.remove(id)
  await engine.remove(id) // gone: success
  t.strictSame(await engine.list([label]), [])
  for (let i = 0; i < 50 && !seen.some((e) => e.action === 'destroy'); i++) await new Promise((r) => setTimeout(r, 100))
  const actions = seen.map((e) => e.action)
  for (const a of ['create', 'start', 'die', 'destroy']) t.ok(actions.includes(a), `event ${a}`)
  t.ok(
    seen.every((e) => e.id === id),
    'events name the container',
  )
})

t.test('followLogs reads back what attach gave, same offsets, with the times Docker logged', async (t) => {
  // A long line (over json-file's 16 KiB messages), a character that is several bytes, both streams.
  const script = `const fs = require('fs')
    fs.writeSync(1, 'one é\\n'); fs.writeSync(2, 'err\\n'); fs.writeSync(1, 'x'.repeat(40000) + '\\n')
    setTimeout(() => fs.writeSync(1, 'later\\n'), 1500); setTimeout(() => {}, 2500)`
  const id = await engine.create({
    name: `ecs-local-engine-test-${randomBytes(4).toString('hex')}`,
    image,
    cmd: ['node', '-e', script],
    env: [],
    labels: { [key]: value },
    networkMode: 'bridge',
  })
  t.teardown(() => engine.remove(id))
  const attached: OutputChunk[] = []
  const attach = await engine.attach(id, (c) => void attached.push(c))
  const before = Date.now()
  await engine.start(id)
  await new Promise((r) => setTimeout(r, 700))
  // Resumed after the first stdout line: the rest of both streams, then live until the exit.
  const first = attached.find((c) => c.stream === 'stdout')?.ends[0] as number
  const followed: OutputChunk[] = []
  const follow = await engine.followLogs(id, { stdout: first, stderr: 0 }, (c) => void followed.push(c))
  await Promise.all([attach.done, follow.done])
  const lines = (cs: OutputChunk[]) =>
    cs.flatMap((c) => c.lines.map((l, i) => `${c.stream} ${l.slice(0, 10)} ${l.length} ${c.ends[i]}`)).sort()
  t.strictSame(
    lines(followed),
    lines(attached).filter((l) => !l.startsWith('stdout one')),
    'same lines and ends',
  )
  t.equal(first, 'one é\n'.length + 1, 'bytes, not characters')
  const times = followed.flatMap((c) => c.times ?? [])
  t.equal(times.length, 3, 'err, the long line, later')
  t.ok(
    times.every((x) => x >= before - 1000 && x <= Date.now()),
    'times Docker logged',
  )
  const later = followed.find((c) => c.lines.includes('later'))
  t.ok((later?.times?.[0] ?? 0) - before >= 1000, 'a live line has the time it was logged')
})

t.test('stop gives SIGTERM, then SIGKILL after the timeout; kill stops at once', async (t) => {
  const make = (script: string) =>
    engine.create({
      name: `ecs-local-engine-test-${randomBytes(4).toString('hex')}`,
      image,
      cmd: ['node', '-e', script],
      env: [],
      labels: { [key]: value },
      networkMode: 'bridge',
    })
  const polite = await make("process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1e6)")
  const stubborn = await make("process.on('SIGTERM', () => {}); setInterval(() => {}, 1e6)")
  t.teardown(() => Promise.all([engine.remove(polite), engine.remove(stubborn)]))
  await Promise.all([engine.start(polite), engine.start(stubborn)])
  await new Promise((r) => setTimeout(r, 500)) // let node install its handler
  await engine.stop(polite, 10)
  t.equal(await engine.wait(polite), 0, 'SIGTERM handled')
  await engine.stop(stubborn, 1)
  t.equal(await engine.wait(stubborn), 137, 'killed after the timeout')
  const again = await make('setInterval(() => {}, 1e6)')
  t.teardown(() => engine.remove(again))
  await engine.start(again)
  await engine.kill(again)
  t.equal(await engine.wait(again), 137)
})

t.test('volumes: create, exists, list by label, remove (idempotent)', async (t) => {
  const name = `ecs-local-engine-test-${randomBytes(4).toString('hex')}`
  await engine.createVolume({ name, labels: { [key]: value } })
  t.teardown(() => engine.removeVolume(name))
  t.ok(await engine.volumeExists(name))
  t.strictSame(await engine.listVolumes([label]), [name])
  await engine.removeVolume(name)
  await engine.removeVolume(name)
  t.notOk(await engine.volumeExists(name))
})

t.test(
  'images: inspect gives the image env; an unknown image is undefined; a failed pull names the reason',
  async (t) => {
    t.match(await engine.inspectImage(image), { id: /^sha256:/, env: Array })
    t.equal(await engine.inspectImage(`ecs-local-engine-test/none:${randomBytes(4).toString('hex')}`), undefined)
    await t.rejects(engine.pull('127.0.0.1:1/none:latest', undefined, () => {}))
  },
)

t.test('inspect names the container, its image and labels; connectNetwork attaches it once', async (t) => {
  const net = `ecs-local-engine-test-${randomBytes(4).toString('hex')}`
  await docker.createNetwork({ Name: net, Labels: { [key]: value } })
  t.teardown(() => docker.getNetwork(net).remove())
  const name = `ecs-local-engine-test-${randomBytes(4).toString('hex')}`
  const id = await engine.create({
    name,
    image,
    cmd: ['node', '-e', 'setTimeout(() => {}, 30_000)'],
    env: [],
    labels: { [key]: value, 'com.docker.compose.service': 'svc' },
    networkMode: 'bridge',
  })
  t.teardown(() => engine.remove(id))
  await engine.start(id)
  const before = await engine.inspect(id)
  t.equal(before.name, name, 'no leading slash')
  t.equal(before.image, image)
  t.equal(before.labels['com.docker.compose.service'], 'svc')
  t.ok(before.createdAt instanceof Date)
  t.strictSame(Object.keys(before.addresses), ['bridge'])
  await engine.connectNetwork(id, net)
  await engine.connectNetwork(id, net) // already attached: success
  const after = await engine.inspect(id)
  t.strictSame(Object.keys(after.addresses).sort(), ['bridge', net].sort())
  t.match(after.addresses[net], /^\d+\.\d+\.\d+\.\d+$/)
})
