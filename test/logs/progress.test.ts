import t from 'tap'
import { AwsLogsForwarder, type AwsLogsForwarderOptions } from '../../src/logs/forwarder.js'
import { MAX_EVENT_MESSAGE_BYTES } from '../../src/model/cloudWatchLogsLimits.js'
import type { OutputPosition, OutputStreamName } from '../../src/model/outputPosition.js'
import { T0, setup } from './forwarderSetup.js'

/** A forwarder whose progress reports are kept, and a way to push lines as the engine hands them over. */
function tracked(opts: Partial<AwsLogsForwarderOptions> = {}) {
  const progress: OutputPosition[] = []
  const s = setup({ ...opts, onProgress: (p) => void progress.push(p) })
  const offsets = { stdout: opts.from?.stdout ?? 0, stderr: opts.from?.stderr ?? 0 }
  /** Lines of one stream, each ending where the last one did plus its bytes and '\n'. */
  const write = (stream: OutputStreamName, lines: string[], time = T0) => {
    const ends = lines.map((l) => (offsets[stream] += Buffer.byteLength(l) + 1))
    return s.fwd.pushAll(lines, time, { stream, ends })
  }
  return { ...s, progress, offsets, write }
}

t.test(`${AwsLogsForwarder.name}: each answered batch reports where both streams are done`, async (t) => {
  const { fwd, progress, write, offsets } = tracked()
  void write('stdout', ['out 1', 'out 2'])
  void write('stderr', ['err 1'])
  t.same(progress, [], 'nothing is done before CloudWatch answers')
  await fwd.flush()
  t.same(progress, [{ stdout: 12, stderr: 6 }])
  void write('stdout', ['out 3 é'])
  await fwd.flush()
  t.same(progress.at(-1), { stdout: 12 + 9, stderr: 6 }, 'a stream with nothing new keeps its position')
  t.same(offsets, progress.at(-1), 'bytes, not characters')
  await fwd.flush()
  t.equal(progress.length, 2, 'no report without a batch')
  await fwd.close()
})

t.test(`${AwsLogsForwarder.name}: a multiline record is done with all its lines, only once sent`, async (t) => {
  const { fake, fwd, progress, write } = tracked({ multiline: /^START/ })
  // Stamped now, so that a tick does not find the pending record old enough to let go.
  const now = Date.now()
  void write('stdout', ['START one', '  more'], now)
  void write('stderr', ['  from stderr'], now)
  void write('stdout', ['START two'], now)
  await fwd.flush()
  t.same(fake.messages(), ['START one\n  more\n  from stderr\n'])
  t.same(progress, [{ stdout: 17, stderr: 14 }], 'the pending record (START two) is not done')
  void write('stdout', ['  two more'], now)
  await fwd.close()
  t.same(progress.at(-1), { stdout: 17 + 10 + 11, stderr: 14 }, 'the last record went at close')
})

t.test(`${AwsLogsForwarder.name}: refused and given-up batches are done too`, async (t) => {
  const { fake, fwd, progress, write } = tracked({ retry: { maxAttempts: 1, sleep: async () => {} } })
  void write('stdout', ['old 1', 'old 2'])
  fake.rejectedNext = { tooOldLogEventEndIndex: 1 }
  await fwd.flush()
  t.same(progress.at(-1), { stdout: 12, stderr: 0 }, 'refused by CloudWatch: never to be sent again')
  fake.failNext(1, 'AccessDeniedException', 400)
  void write('stderr', ['denied'])
  await fwd.flush()
  t.same(progress.at(-1), { stdout: 12, stderr: 7 }, 'given up on')
  t.same(await fwd.close(), { sent: 0, dropped: 1, rejected: 2 })
})

t.test(`${AwsLogsForwarder.name}: a line cut into several events is done with its last piece`, async (t) => {
  const { fake, fwd, progress, write } = tracked()
  // Five pieces: one request holds four (1,048,576 bytes with overhead), the fifth goes in the next.
  const long = 'y'.repeat(MAX_EVENT_MESSAGE_BYTES * 5)
  void write('stdout', ['short', long])
  await fwd.close()
  t.equal(fake.batches.length, 2)
  t.same(progress, [
    { stdout: 6, stderr: 0 },
    { stdout: 6 + long.length + 1, stderr: 0 },
  ])
})

t.test(`${AwsLogsForwarder.name}: lines that yield no event are done after what came before`, async (t) => {
  const { fake, fwd, progress, write } = tracked({ maxBufferBytes: 10 })
  let open!: () => void
  fake.gate = new Promise((resolve) => (open = resolve))
  void write('stdout', ['0123456789']) // fills the buffer: its batch is held at the gate
  void fwd.flush()
  void write('stdout', ['', 'dropped: no room'])
  t.same(progress, [])
  fake.gate = undefined
  open()
  await fwd.close()
  t.same(fake.messages(), ['0123456789'])
  t.same(progress, [{ stdout: 11 + 1 + 17, stderr: 0 }], 'the empty line and the dropped one go with it')
})

t.test(`${AwsLogsForwarder.name}: a resumed forwarder reports from where it started`, async (t) => {
  const { fwd, progress, write } = tracked({ from: { stdout: 1000, stderr: 500 } })
  void write('stderr', ['next'])
  await fwd.close()
  t.same(progress, [{ stdout: 1000, stderr: 505 }])
})

t.test(`${AwsLogsForwarder.name}: lines logged before 'since' are done without being sent`, async (t) => {
  const { fake, fwd, progress, write } = tracked({ since: T0 + 10 })
  void write('stdout', ['sent before, by a daemon that kept no position'], T0)
  void write('stderr', ['also before'], T0 + 9)
  void write('stdout', ['new'], T0 + 10)
  await fwd.close()
  t.same(fake.messages(), ['new'])
  t.same(progress, [{ stdout: 47 + 4, stderr: 12 }])
})

t.test(`${AwsLogsForwarder.name}: per-line times from the engine's log are the events' timestamps`, async (t) => {
  const { fake, fwd } = tracked()
  void fwd.pushAll(['a', 'b'], T0 + 99, { stream: 'stdout', ends: [2, 4], times: [T0 + 1, T0 + 2] })
  await fwd.close()
  t.same(fake.batches, [
    [
      { timestamp: T0 + 1, message: 'a' },
      { timestamp: T0 + 2, message: 'b' },
    ],
  ])
})

t.test(`${AwsLogsForwarder.name}: a failing progress callback is logged, the forwarding goes on`, async (t) => {
  const { fake, fwd, log } = setup({
    onProgress: () => {
      throw new Error('disk full')
    },
  })
  void fwd.pushAll(['a'], T0, { stream: 'stdout', ends: [2] })
  await fwd.flush()
  void fwd.pushAll(['b'], T0, { stream: 'stdout', ends: [4] })
  await fwd.close()
  t.same(fake.messages(), ['a', 'b'])
  t.match(log.records(), [{ level: 40, msg: /could not record how far/ }, { level: 40 }])
})

t.test(`${AwsLogsForwarder.name}: a skipped line behind blocked ones is done only after them`, async (t) => {
  const { fake, fwd, progress, write } = tracked({ mode: 'blocking', maxBufferBytes: 10, since: T0 + 10 })
  let open!: () => void
  fake.gate = new Promise((resolve) => (open = resolve))
  void write('stdout', ['aaaaaaaaaa'], T0 + 10) // fills the buffer
  const blocked = write('stdout', ['bbbbbbbbbb'], T0 + 10) // waits for room
  void write('stdout', ['logged before since'], T0)
  t.ok(blocked, 'the second line waits')
  fake.gate = undefined
  open()
  await blocked
  await fwd.close()
  t.same(fake.messages(), ['aaaaaaaaaa', 'bbbbbbbbbb'])
  t.same(progress, [
    { stdout: 11, stderr: 0 },
    { stdout: 11 + 11 + 20, stderr: 0 },
  ])
})
