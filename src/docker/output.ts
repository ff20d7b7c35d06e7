import type { OutputChunk } from '../agent/engine.js'
import type { OutputPosition } from '../model/outputPosition.js'
import type { DockerClient } from './client.js'
import { Demuxer, type OutputStream } from './demux.js'
import { LineSplitter, type Lines } from './lineSplitter.js'
import { LogMessages } from './logMessages.js'

type OnChunk = (c: OutputChunk) => void | Promise<void>

/**
 * Attach before start so no output is missed; calls onChunk with the complete lines of each read (a trailing
 * partial line waits for the next read, or is flushed when the stream ends). Lines travel in chunks because a
 * burst can be hundreds of thousands of lines, and every per-line object or event costs (bench/logs).
 * When onChunk returns a promise, reading stops until it settles: the attach socket fills, dockerd stops
 * copying and the container's writes block, which is what awslogs' blocking mode means.
 * Resolves once attached; `done` settles when the output ends.
 */
export async function attachOutput(
  docker: DockerClient,
  id: string,
  onChunk: OnChunk,
): Promise<{ done: Promise<void> }> {
  const container = docker.getContainer(id)
  // Docker multiplexes stdout and stderr only for a container without a TTY (pseudoTerminal): a TTY's stream is
  // the terminal's raw bytes, all of it stdout.
  const [info, stream] = await Promise.all([
    container.inspect(),
    container.attach({ stream: true, stdout: true, stderr: true, logs: true }) as Promise<NodeJS.ReadableStream>,
  ])
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() }
  const decoder: Decoder = {
    payload: (name, data) => splitters[name].push(data),
    end: (name) => splitters[name].end(),
  }
  return { done: readOutput(stream, onChunk, decoder, info.Config.Tty) }
}

/**
 * The container's output as the engine logged it (`docker logs --follow --timestamps`, from the start), from
 * `from` on: what the attach stream gave, but read back from the log driver, each line with the time it was
 * logged. Fails when the log driver cannot be read back. The whole log is read and counted, not only what
 * Docker's `since` would give: its filter is on timestamps, which do not map to byte offsets exactly (equal
 * stamps, a clock stepped back). Reading pauses while onChunk's promise is pending, but the container does not
 * wait: the log driver keeps writing.
 */
export async function followLogs(
  docker: DockerClient,
  id: string,
  from: OutputPosition,
  onChunk: OnChunk,
  onMismatch?: (stream: OutputStream) => void,
): Promise<{ done: Promise<void> }> {
  const container = docker.getContainer(id)
  // A TTY's log has no frames to tell where each message and its timestamp begin: such a container is attached to.
  if ((await container.inspect()).Config.Tty) throw new Error("a TTY container's log is not read back")
  const stream = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true })
  const messages = new LogMessages(from, onMismatch)
  return {
    done: readOutput(stream, onChunk, {
      payload: (name, data, first) => messages.payload(name, data, first),
      end: (name) => messages.end(name),
    }),
  }
}

interface Decoder {
  payload(stream: OutputStream, data: Buffer, first: boolean): Lines | undefined
  end(stream: OutputStream): Lines | undefined
}

/**
 * Demuxes, decodes and hands on lines, gathering those of one stream that follow each other within a read
 * into one chunk (so the order across stdout and stderr is kept); pauses while onChunk's promises are pending.
 */
function readOutput(stream: NodeJS.ReadableStream, onChunk: OnChunk, decoder: Decoder, raw = false): Promise<void> {
  let waits: Promise<void>[] = []
  let gathered: { stream: OutputStream; lines: string[]; ends: number[]; times: number[] | undefined } | undefined
  const deliver = (): void => {
    if (!gathered) return
    const { stream: name, lines, ends, times } = gathered
    gathered = undefined
    const wait = onChunk({ stream: name, lines, time: Date.now(), ends, ...(times && { times }) })
    if (wait) waits.push(wait)
  }
  const gather = (name: OutputStream, got: Lines | undefined): void => {
    if (!got || got.lines.length === 0) return
    if (gathered && gathered.stream !== name) deliver()
    if (!gathered) {
      gathered = { stream: name, ...got }
      return
    }
    for (let i = 0; i < got.lines.length; i++) {
      gathered.lines.push(got.lines[i]!)
      gathered.ends.push(got.ends[i]!)
      if (gathered.times && got.times) gathered.times.push(got.times[i]!)
    }
  }
  const demuxer = new Demuxer((name, data, first) => gather(name, decoder.payload(name, data, first)), { raw })
  return new Promise<void>((resolve) => {
    let ended = false
    const end = (): void => {
      if (ended) return
      ended = true
      for (const name of ['stdout', 'stderr'] as const) gather(name, decoder.end(name))
      deliver()
      resolve()
    }
    // A read already under way when we pause still arrives: resume only once every wait has settled.
    let holds = 0
    stream.on('data', (chunk: Buffer) => {
      demuxer.write(chunk)
      deliver()
      if (waits.length === 0) return
      const pending = waits
      waits = []
      holds++
      stream.pause()
      void Promise.all(pending).finally(() => {
        if (--holds === 0) stream.resume()
      })
    })
    stream.on('end', end)
    stream.on('close', end)
    stream.on('error', end)
  })
}
