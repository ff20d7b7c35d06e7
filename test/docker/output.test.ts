import { PassThrough } from 'node:stream'
import t from 'tap'
import type { OutputChunk } from '../../src/agent/engine.js'
import type { DockerClient } from '../../src/docker/client.js'
import { LineSplitter } from '../../src/docker/lineSplitter.js'
import { LogMessages } from '../../src/docker/logMessages.js'
import { attachOutput, followLogs } from '../../src/docker/output.js'

const frame = (type: number, payload: string | Buffer): Buffer => {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
  const header = Buffer.alloc(8)
  header[0] = type
  header.writeUInt32BE(body.length, 4)
  return Buffer.concat([header, body])
}
const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '123456Z') // nanoseconds, as Docker writes
const T0 = Date.parse('2030-01-01T00:00:00.000Z')
/** One log message as the logs endpoint frames it with timestamps=1. */
const message = (type: number, ms: number, content: string | Buffer) =>
  frame(type, Buffer.concat([Buffer.from(`${stamp(ms)} `), Buffer.from(content)]))

/** A DockerClient whose container gives `wire` as its attach and logs stream, cut into reads of `size` bytes. */
function fakeDocker(wire: Buffer, size: number, calls: unknown[] = [], tty = false) {
  const stream = () => {
    const s = new PassThrough()
    setImmediate(() => {
      for (let i = 0; i < wire.length; i += size) s.write(wire.subarray(i, i + size))
      s.end()
    })
    return s
  }
  const container = {
    attach: async (o: unknown) => (calls.push(['attach', o]), stream()),
    logs: async (o: unknown) => (calls.push(['logs', o]), stream()),
    inspect: async () => ({ Config: { Tty: tty } }),
  }
  return { getContainer: () => container } as unknown as DockerClient
}

const collect = (chunks: OutputChunk[]) => ({
  lines: chunks.flatMap((c) => c.lines.map((l) => `${c.stream}: ${l}`)),
  ends: chunks.flatMap((c) => c.ends),
  times: chunks.flatMap((c) => c.times ?? []),
})

t.test(
  `${LineSplitter.name}: each line's end is its byte offset, across reads and characters cut in two`,
  async (t) => {
    const bytes = Buffer.from('a\nél\n😀 x\n\nlast')
    for (const size of [1, 2, 3, bytes.length]) {
      const s = new LineSplitter(100)
      const got = { lines: [] as string[], ends: [] as number[] }
      for (let i = 0; i < bytes.length; i += size) {
        const r = s.push(bytes.subarray(i, i + size))
        got.lines.push(...(r?.lines ?? []))
        got.ends.push(...(r?.ends ?? []))
      }
      const r = s.end()
      got.lines.push(...(r?.lines ?? []))
      got.ends.push(...(r?.ends ?? []))
      t.same(got, { lines: ['a', 'él', '😀 x', '', 'last'], ends: [102, 106, 113, 114, 118] }, `reads of ${size}`)
    }
  },
)

t.test(`${LineSplitter.name}: invalid UTF-8 counts as the bytes it is`, async (t) => {
  const s = new LineSplitter()
  const r = s.push(Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x0a, 0x62, 0x0a]))
  t.same(r?.ends, [5, 7])
  t.same(r?.lines, ['a\ufffd\ufffd', 'b'])
})

t.test(`${LineSplitter.name}: a line is stamped with the time its first byte was logged`, async (t) => {
  const s = new LineSplitter()
  t.equal(s.push(Buffer.from('long li'), 1), undefined)
  t.same(s.push(Buffer.from('ne\nnext\nhalf'), 2), { lines: ['long line', 'next'], ends: [10, 15], times: [1, 2] })
  t.same(s.end(), { lines: ['half'], ends: [19], times: [2] })
})

t.test(`${LogMessages.name}: content only, skipped up to the position, partial messages joined`, async (t) => {
  const mismatches: string[] = []
  const m = new LogMessages({ stdout: 4, stderr: 0 }, (s) => void mismatches.push(s))
  const got: string[] = []
  const feed = (stream: 'stdout' | 'stderr', data: string, first: boolean) => {
    const r = m.payload(stream, Buffer.from(data), first)
    for (const [i, l] of (r?.lines ?? []).entries()) got.push(`${stream} ${l} ${r!.ends[i]} ${r!.times![i]}`)
  }
  feed('stdout', `${stamp(T0)} old\n`, true)
  feed('stdout', `${stamp(T0 + 1)} new `, true)
  feed('stdout', `and partial`, false) // the same message, read in two pieces
  feed('stdout', `${stamp(T0 + 2)} , joined\n`, true) // json-file's next piece of a long line
  feed('stderr', `${stamp(T0 + 3)} err\n`, true)
  t.same(got, [`stdout new and partial, joined 28 ${T0 + 1}`, `stderr err 4 ${T0 + 3}`])
  t.same(mismatches, [])
})

t.test(`${LogMessages.name}: a position that is not at a line's end is reported`, async (t) => {
  const mismatches: string[] = []
  const m = new LogMessages({ stdout: 2, stderr: 0 }, (s) => void mismatches.push(s))
  const r = m.payload('stdout', Buffer.from(`${stamp(T0)} abc\n`), true)
  t.same(mismatches, ['stdout'])
  t.same(r?.lines, ['c'], 'what follows is still forwarded')
})

t.test(`${followLogs.name}: the whole log with timestamps, skipped per stream, in order across streams`, async (t) => {
  const wire = Buffer.concat([
    message(1, T0, 'out 1\n'),
    message(2, T0 + 1, 'err 1\n'),
    message(1, T0 + 2, 'out 2\n'),
    frame(3, 'Error grabbing logs: boom\n'),
    message(2, T0 + 3, 'err 2\n'),
    message(1, T0 + 4, 'out 3\n'),
  ])
  for (const size of [1, 7, wire.length]) {
    const calls: unknown[] = []
    const chunks: OutputChunk[] = []
    const from = { stdout: 6, stderr: 0 }
    const { done } = await followLogs(fakeDocker(wire, size, calls), 'c1', from, (c) => void chunks.push(c))
    await done
    t.same(calls, [['logs', { follow: true, stdout: true, stderr: true, timestamps: true }]], 'no since')
    t.same(
      collect(chunks),
      {
        lines: ['stderr: err 1', 'stdout: out 2', 'stderr: err 2', 'stdout: out 3'],
        ends: [6, 12, 12, 18],
        times: [T0 + 1, T0 + 2, T0 + 3, T0 + 4],
      },
      `reads of ${size}`,
    )
  }
})

t.test(
  `${attachOutput.name}: lines with their ends, no times; a read's lines of one stream in one chunk`,
  async (t) => {
    const wire = Buffer.concat([frame(1, 'a\nb'), frame(1, 'c\n'), frame(2, 'e\n'), frame(1, 'd\n')])
    const chunks: OutputChunk[] = []
    const { done } = await attachOutput(fakeDocker(wire, wire.length), 'c1', (c) => void chunks.push(c))
    await done
    t.same(
      chunks.map((c) => [c.stream, c.lines, c.ends, c.times]),
      [
        ['stdout', ['a', 'bc'], [2, 5], undefined],
        ['stderr', ['e'], [2], undefined],
        ['stdout', ['d'], [7], undefined],
      ],
    )
  },
)

t.test(`${attachOutput.name}: a pending chunk promise pauses reading until it settles`, async (t) => {
  const wire = Buffer.concat(Array.from({ length: 20 }, (_, i) => frame(1, `${i}\n`)))
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  const chunks: OutputChunk[] = []
  const { done } = await attachOutput(fakeDocker(wire, 10), 'c1', (c) => {
    chunks.push(c)
    return chunks.length === 1 ? held : undefined
  })
  await new Promise((r) => setTimeout(r, 20))
  t.equal(chunks.length, 1, 'held after the first read')
  release()
  await done
  t.same(
    chunks.flatMap((c) => c.lines),
    Array.from({ length: 20 }, (_, i) => `${i}`),
  )
})

t.test('a TTY container: its attach stream is raw, all stdout; its log is not read back', async (t) => {
  const wire = Buffer.concat([frame(2, 'would look like a stderr frame\n'), Buffer.from('plain\r\n')])
  const chunks: OutputChunk[] = []
  const { done } = await attachOutput(fakeDocker(wire, 5, [], true), 'c1', (c) => void chunks.push(c))
  await done
  t.same(
    chunks.map((c) => c.stream),
    chunks.map(() => 'stdout'),
    'every line is stdout',
  )
  t.match(chunks.flatMap((c) => c.lines).join('\n'), /plain\r$/)
  await t.rejects(
    followLogs(fakeDocker(wire, 5, [], true), 'c1', { stdout: 0, stderr: 0 }, () => {}),
    {
      message: /TTY/,
    },
  )
})
