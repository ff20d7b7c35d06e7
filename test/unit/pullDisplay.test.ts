import { PassThrough } from 'node:stream'
import t from 'tap'
import { PullDisplay } from '../../src/cli/output.js'

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough()
  let text = ''
  out.on('data', (d: Buffer) => (text += d.toString()))
  return { out, text: () => text }
}

t.test(`${PullDisplay.name} without a terminal prints one plain line per change`, async (t) => {
  const c = capture()
  const d = new PullDisplay(c.out, false)
  d.update('img', 'a1', 'Downloading')
  d.update('img', 'a1', 'Pull complete')
  t.equal(c.text(), 'ecs-local: pull img: a1 Downloading\necs-local: pull img: a1 Pull complete\n')
})

t.test(`${PullDisplay.name} on a terminal redraws one row per layer in place`, async (t) => {
  const c = capture()
  const d = new PullDisplay(c.out, true)
  d.update('img', 'a1', 'Downloading')
  d.update('img', 'b2', 'Waiting')
  d.update('img', 'a1', 'Pull complete')
  const frames = c.text()
  t.ok(frames.startsWith('\x1b[2Kecs-local: pull img: a1 Downloading\n'), 'first frame, no cursor move')
  t.ok(frames.includes('\x1b[1A'), 'second frame backs up over one row')
  t.ok(
    frames.endsWith('\x1b[2A\x1b[2Kecs-local: pull img: a1 Pull complete\n\x1b[2Kecs-local: pull img: b2 Waiting\n'),
    'the layer keeps its row and changes in place',
  )
})
