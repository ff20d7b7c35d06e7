import t from 'tap'
import { AwsLogsForwarder } from '../../src/logs/forwarder.js'
import { line, setup } from './forwarderSetup.js'

t.test(`${AwsLogsForwarder.name}: non-blocking mode drops new lines when the buffer is full`, async (t) => {
  const { fake, fwd, log } = setup({ maxBufferBytes: 100 })
  let open!: () => void
  fake.gate = new Promise((resolve) => (open = resolve))
  const pushes = Array.from({ length: 30 }, (_, i) => fwd.push(...line(`SECRET-${String(i).padStart(3, '0')}`)))
  t.equal(pushes.length, 30, 'push never waits')
  await Promise.all(pushes)
  open()
  fake.gate = undefined
  t.same(await fwd.close(), { sent: 10, dropped: 20, rejected: 0 })
  t.same(
    fake.messages(),
    ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009'].map((n) => `SECRET-${n}`),
  )
  t.match(log.records(), [{ level: 40, dropped: 20, msg: /max-buffer-size/ }])
  t.notMatch(log.raw(), /SECRET-/)
})

t.test(`${AwsLogsForwarder.name}: blocking mode makes push wait for room, losing nothing`, async (t) => {
  const { fake, fwd } = setup({ mode: 'blocking', maxBufferBytes: 100 })
  let open!: () => void
  fake.gate = new Promise((resolve) => (open = resolve))
  // Ten 10-byte lines fill the 100-byte buffer.
  const first = Array.from({ length: 10 }, (_, i) => fwd.push(...line(`line-${String(i).padStart(5, '0')}`)))
  let admitted = false
  const eleventh = fwd.push(...line('line-00010')).then(() => (admitted = true))
  await Promise.all(first)
  await new Promise((resolve) => setImmediate(resolve))
  t.notOk(admitted, 'the eleventh line waits while the buffer is full')
  fake.gate = undefined
  open()
  await eleventh
  t.ok(admitted, 'room freed by a stored batch lets it in')
  t.same(await fwd.close(), { sent: 11, dropped: 0, rejected: 0 })
  t.equal(fake.messages().length, 11)
  t.same(fake.messages(), [...fake.messages()].sort())
})

t.test(`${AwsLogsForwarder.name}: close lets blocked pushes in and sends them`, async (t) => {
  const { fake, fwd } = setup({ mode: 'blocking', maxBufferBytes: 10 })
  let open!: () => void
  fake.gate = new Promise((resolve) => (open = resolve))
  const pushes = ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'].map((l) => fwd.push(...line(l)))
  await new Promise((resolve) => setImmediate(resolve))
  const closing = fwd.close()
  const settled = await Promise.race([
    Promise.all(pushes).then(() => 'admitted'),
    new Promise((resolve) => setTimeout(() => resolve('still blocked'), 2000)),
  ])
  t.equal(settled, 'admitted', 'blocked pushes resolve once close is called')
  t.equal(fake.inFlight, 1, 'while a request is still in flight')
  fake.gate = undefined
  open()
  t.same(await closing, { sent: 3, dropped: 0, rejected: 0 })
  t.same(fake.messages(), ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'])
})
