import t from 'tap'
import { Demuxer, type OutputStream } from '../../src/docker/demux.js'

const frame = (type: number, payload: string): Buffer => {
  const body = Buffer.from(payload)
  const header = Buffer.alloc(8)
  header[0] = type
  header.writeUInt32BE(body.length, 4)
  return Buffer.concat([header, body])
}

/** Feeds `wire` to a Demuxer cut into pieces of `size` bytes; what each stream received. */
const collect = (wire: Buffer, size: number): Record<OutputStream, string> => {
  const got: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] }
  const d = new Demuxer((stream, data) => got[stream].push(Buffer.from(data)))
  for (let i = 0; i < wire.length; i += size) d.write(wire.subarray(i, i + size))
  return { stdout: Buffer.concat(got.stdout).toString(), stderr: Buffer.concat(got.stderr).toString() }
}

t.test('frames are sorted into stdout and stderr however the reads cut them', async (t) => {
  const wire = Buffer.concat([
    frame(1, 'out one\n'),
    frame(2, 'err one\n'),
    frame(1, ''),
    frame(1, 'out two, é and 😀\n'),
    frame(2, 'x'.repeat(70_000)),
  ])
  const want = { stdout: 'out one\nout two, é and 😀\n', stderr: 'err one\n' + 'x'.repeat(70_000) }
  for (const size of [1, 3, 7, 8, 9, 64, 65_536, wire.length])
    t.same(collect(wire, size), want, `reads of ${size} bytes`)
})

t.test('a stream that is not multiplexed (a TTY container) passes through as stdout', async (t) => {
  t.same(collect(Buffer.from('plain text\nmore\n'), 5), { stdout: 'plain text\nmore\n', stderr: '' })
})

t.test('stdin frames (type 0) count as stdout, as Docker never sends them on attach output', async (t) => {
  t.same(collect(frame(0, 'in\n'), 4), { stdout: 'in\n', stderr: '' })
})

t.test('raw (a TTY container): every byte is stdout, even bytes that would read as a frame header', async (t) => {
  const wire = Buffer.concat([frame(2, 'looks like stderr\n'), Buffer.from('plain\r\n')])
  const got: Buffer[] = []
  const d = new Demuxer((stream, data) => void (stream === 'stdout' && got.push(Buffer.from(data))), { raw: true })
  for (let i = 0; i < wire.length; i += 3) d.write(wire.subarray(i, i + 3))
  t.same(Buffer.concat(got), wire)
})
