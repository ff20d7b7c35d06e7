import { createReadStream } from 'node:fs'
import { lstat, readdir, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pack as tarPack, type Pack } from 'tar-stream'
import type { DockerClient } from './client.js'

/**
 * One entry of an in-memory build context. Host paths are streamed straight into the tar, so assembling a rootfs
 * (node binary, libraries, node_modules) needs no temp copy on disk.
 */
export type ContextEntry =
  | { name: string; content: Buffer | string; mode?: number }
  /** A host file or dir, recursively; a symlink at hostPath is followed, symlinks inside a dir are kept. */
  | { name: string; hostPath: string; mode?: number }
  | { name: string; dir: true; mode?: number }

/** Fixed mtime: the context depends only on content, never on when it was assembled. */
const MTIME = new Date(0)

/** Streams the entries as an uncompressed tar, the body of Docker's POST /build. */
export function packContext(entries: readonly ContextEntry[]): Readable {
  const pack = tarPack()
  void (async () => {
    for (const e of entries) {
      if ('content' in e) await addBuffer(pack, e.name, Buffer.from(e.content), e.mode ?? 0o644)
      else if ('hostPath' in e) await addHostPath(pack, e.name, e.hostPath, e.mode, true)
      else await addEntry(pack, { name: e.name, type: 'directory', mode: e.mode ?? 0o755, mtime: MTIME })
    }
    pack.finalize()
  })().catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))))
  // tar-stream packs are streamx streams; wrap as a real Node Readable, which is what dockerode pipes.
  return Readable.from(pack)
}

async function addHostPath(pack: Pack, name: string, path: string, mode: number | undefined, follow: boolean) {
  const st = follow ? await stat(path) : await lstat(path)
  if (st.isSymbolicLink()) {
    await addEntry(pack, { name, type: 'symlink', linkname: await readlink(path), mtime: MTIME })
  } else if (st.isDirectory()) {
    await addEntry(pack, { name, type: 'directory', mode: mode ?? st.mode & 0o7777, mtime: MTIME })
    const children = (await readdir(path)).sort()
    for (const child of children) await addHostPath(pack, `${name}/${child}`, join(path, child), undefined, false)
  } else if (st.isFile()) {
    await new Promise<void>((resolve, reject) => {
      const header = { name, size: st.size, mode: mode ?? st.mode & 0o7777, mtime: MTIME }
      const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()))
      createReadStream(path).on('error', reject).pipe(sink)
    })
  }
  // Sockets, fifos and devices have no place in an image context: skipped.
}

function addBuffer(pack: Pack, name: string, content: Buffer, mode: number): Promise<void> {
  return addEntry(pack, { name, size: content.length, mode, mtime: MTIME }, content)
}

function addEntry(pack: Pack, header: Parameters<Pack['entry']>[0], content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, content ?? '', (err) => (err ? reject(err) : resolve()))
  })
}

export interface BuildOptions {
  tag: string
  labels?: Record<string, string>
}

/**
 * Runs a classic-builder build and waits for it. The engine reports build failures inside the JSON progress
 * stream (`{"error": ...}`) with HTTP 200, so the stream is read to the end and checked line by line.
 */
export async function buildFromContext(docker: DockerClient, context: Readable, opts: BuildOptions): Promise<void> {
  const stream = await docker.buildImage(context, {
    t: opts.tag,
    labels: opts.labels,
    rm: true,
    forcerm: true,
    // FROM scratch needs no registry; never let the engine try one.
    pull: false,
  })
  const output = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: Array<Record<string, unknown>>) =>
      err ? reject(err) : resolve(out),
    )
  })
  const failed = output.find((line) => line.error !== undefined || line.errorDetail !== undefined)
  if (failed) {
    const log = output.map((line) => line.stream ?? line.error ?? '').join('')
    throw new Error(`docker build of ${opts.tag} failed: ${String(failed.error)}\n${log}`)
  }
}

/** One build per key at a time within this process; concurrent callers share the same promise. */
const inFlight = new Map<string, Promise<string>>()

export function singleFlight(key: string, fn: () => Promise<string>): Promise<string> {
  const running = inFlight.get(key)
  if (running) return running
  const p = fn().finally(() => inFlight.delete(key))
  inFlight.set(key, p)
  return p
}
