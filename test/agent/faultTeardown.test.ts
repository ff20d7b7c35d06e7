import t from 'tap'
import { pino } from 'pino'
import type { CommandRunner } from '../../src/agent/faults/commandRunner.js'
import type { BlackholePortFault, PacketLossFault } from '../../src/model/faults.js'
import { FaultInjector } from '../../src/agent/faults/faultInjector.js'
import type { FakeEngine } from '../helpers/fakeEngine.js'
import { FakeKernel } from '../helpers/fakeKernel.js'
import { harness, leftovers, NOTHING, taskDef } from './lifecycleHelpers.js'

// A task's teardown stops the faults injected into it, while its pause container still holds the namespace: no
// chain or qdisc is left behind, whatever was running when the task stopped.

function withFaults(enableFaultInjection: boolean) {
  const kernel = new FakeKernel()
  /** The harness's engine, once made (the injector is made first, to be given to it). */
  const made: { engine?: FakeEngine } = {}
  /** Per command at teardown: was the pause container still there? */
  const pauseHeld: boolean[] = []
  let pauseName = ''
  const run: CommandRunner = (argv, signal) => {
    pauseHeld.push(!!made.engine?.held().containers.includes(pauseName))
    return kernel.run(argv, signal)
  }
  const faults = new FaultInjector({
    engine: { inspect: (id) => (made.engine as FakeEngine).inspect(id) },
    run,
    logger: pino({ level: 'silent' }),
  })
  const h = harness(taskDef([{ name: 'app', image: 'app:1' }], { enableFaultInjection }), () => ({}), {
    deps: { faults },
  })
  made.engine = h.engine
  // The fake engine names a container by its ECS name.
  pauseName = h.task.record.pause?.name ?? ''
  return { h, kernel, faults, pauseHeld }
}

t.test('stopping the task stops every fault it runs, before the pause container goes', async (t) => {
  const { h, kernel, faults, pauseHeld } = withFaults(true)
  await h.runner.start()
  t.ok(
    h.runner.created().some((e) => e.step === 'fault injection'),
    'the teardown is recorded',
  )
  const record = h.task.record
  const blackhole: BlackholePortFault = {
    type: 'network-blackhole-port',
    port: 443,
    protocol: 'tcp',
    trafficType: 'egress',
    sourcesToFilter: [],
  }
  const loss: PacketLossFault = {
    type: 'network-packet-loss',
    lossPercent: 50,
    sources: ['0.0.0.0/0'],
    sourcesToFilter: [],
    flowsPercent: 100,
  }
  t.strictSame(await faults.start(record, blackhole), { kind: 'status', status: 'running' })
  t.strictSame(await faults.start(record, { ...blackhole, port: 80, trafficType: 'ingress' }), {
    kind: 'status',
    status: 'running',
  })
  t.strictSame(await faults.start(record, loss), { kind: 'status', status: 'running' })
  const pid = (await h.engine.inspect(record.pause?.dockerId as string)).pid as number
  t.ok(kernel.held(pid).length > 10, 'chains in the pause container’s namespace')
  t.equal(faults.active(record).length, 3)

  const before = pauseHeld.length
  await h.runner.stop('Task stopped by user')
  t.strictSame(kernel.held(pid), [], 'nothing left in the namespace')
  t.strictSame(faults.active(record), [])
  t.ok(pauseHeld.length > before, 'commands ran at teardown')
  t.ok(pauseHeld.slice(before).every(Boolean), 'each while the pause container (the namespace) was still there')
  t.strictSame(leftovers(h), NOTHING)
  t.strictSame(await faults.start(record, blackhole), { kind: 'failed', detail: 'the task is stopping' })
})

t.test('a task without enableFaultInjection records nothing and runs no command', async (t) => {
  const { h, kernel } = withFaults(false)
  await h.runner.start()
  t.notOk(h.runner.created().some((e) => e.step === 'fault injection'))
  await h.runner.stop('Task stopped by user')
  t.equal(kernel.calls.length, 0)
  t.strictSame(leftovers(h), NOTHING)
})

t.test('a fault stopped through the endpoint is not stopped again at teardown', async (t) => {
  const { h, kernel, faults } = withFaults(true)
  await h.runner.start()
  const loss: PacketLossFault = {
    type: 'network-packet-loss',
    lossPercent: 5,
    sources: ['10.0.0.1'],
    sourcesToFilter: [],
    flowsPercent: 100,
  }
  await faults.start(h.task.record, loss)
  await faults.stop(h.task.record, { type: 'network-packet-loss' })
  const before = kernel.calls.length
  await h.runner.stop('Task stopped by user')
  t.equal(kernel.calls.length, before, 'no command at teardown')
})
