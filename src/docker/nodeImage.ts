import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { promisify } from 'node:util'
import { buildFromContext, packContext, singleFlight, type ContextEntry } from './buildContext.js'
import type { DockerClient } from './client.js'
import { inspectImage } from './images.js'
import { outermost, packageClosure } from './packageClosure.js'
import { MANAGED_LABEL } from '../model/labels.js'

export interface NodeImageOptions {
  /** Repository, e.g. `ecs-local/example`; the returned reference is `<tag>:<hash>` (or `<tag>-<hash>`). */
  tag: string
  /** npm packages whose runtime dependency closure goes into `<workdir>/node_modules`. */
  packages: readonly string[]
  /** The node_modules dir to take them from, e.g. the product's own. */
  nodeModulesDir: string
  /** Extra files or dirs: destination path in the image -> host path. */
  files?: Record<string, string>
  env?: Record<string, string>
  /** Default /app. */
  workdir?: string
  /** The image's CMD; default ["node"]. */
  cmd?: readonly string[]
  /**
   * Image labels; default `ecs-local=true`. Containers inherit image labels, and the daemon sweeps containers
   * labelled `ecs-local=true` at start, so images run by anything but the daemon (tests) should use another.
   */
  labels?: Record<string, string>
  /** The node executable to ship; default this process's own (process.execPath). */
  nodeBinary?: string
}

/** Bump when the image layout changes, so old tags are not reused. */
const LAYOUT_VERSION = '1'
const NODE_DEST = '/usr/local/bin/node'

const run = promisify(execFile)

interface NodeImagePlan {
  ref: string
  labels: Record<string, string>
  entries: () => ContextEntry[]
}

/**
 * An image that runs `node` with the given packages, assembled from this machine (node binary, the shared
 * libraries and loader `ldd` lists, node_modules) and built FROM scratch: no base image, no registry.
 * Reused when its reference exists (see nodeImageRef); temp dirs are not needed, host files stream into the tar.
 */
export async function ensureNodeImage(docker: DockerClient, opts: NodeImageOptions): Promise<string> {
  const plan = await planNodeImage(opts)
  return singleFlight(plan.ref, async () => {
    if (await inspectImage(docker, plan.ref)) return plan.ref
    await buildFromContext(docker, packContext(plan.entries()), { tag: plan.ref, labels: plan.labels })
    return plan.ref
  })
}

/**
 * The reference ensureNodeImage would use. Its hash covers every input cheaply (binary and library size/mtime,
 * package versions and places, extra files' content, env, workdir, cmd, labels): any change is a new tag.
 */
export async function nodeImageRef(opts: NodeImageOptions): Promise<string> {
  return (await planNodeImage(opts)).ref
}

async function planNodeImage(opts: NodeImageOptions): Promise<NodeImagePlan> {
  const workdir = opts.workdir ?? '/app'
  const nodeBinary = await realpath(opts.nodeBinary ?? process.execPath)
  const libs = await sharedLibraries(nodeBinary)
  const pkgs = outermost(await packageClosure(opts.nodeModulesDir, opts.packages))
  const files = Object.entries(opts.files ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
  const env = Object.entries(opts.env ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
  for (const [k, v] of env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || /[\r\n]/.test(v)) throw new Error(`invalid image env entry ${k}`)
  }
  const cmd = JSON.stringify(opts.cmd ?? ['node'])
  const labels = opts.labels ?? { [MANAGED_LABEL]: 'true' }

  const hash = createHash('sha256').update(`layout ${LAYOUT_VERSION}\nworkdir ${workdir}\ncmd ${cmd}\n`)
  for (const path of [nodeBinary, ...libs]) hash.update(`bin ${path} ${await fingerprint(path)}\n`)
  for (const p of pkgs) hash.update(`pkg ${p.rel} ${p.name}@${p.version}\n`)
  for (const [dest, src] of files) hash.update(`file ${dest} ${await contentHash(src)}\n`)
  for (const [k, v] of env) hash.update(`env ${k}=${v}\n`)
  for (const [k, v] of Object.entries(labels).sort()) hash.update(`label ${k}=${v}\n`)
  const ref = `${opts.tag}${opts.tag.includes(':') ? '-' : ':'}${hash.digest('hex').slice(0, 16)}`

  const dockerfile = [
    'FROM scratch',
    'COPY rootfs/ /',
    'ENV PATH=/usr/local/bin:/usr/bin:/bin',
    ...env.map(([k, v]) => `ENV ${k}="${v.replace(/[\\"$]/g, (c) => `\\${c}`)}"`),
    `WORKDIR ${workdir}`,
    `CMD ${cmd}`,
    '',
  ].join('\n')
  const entries = (): ContextEntry[] => [
    { name: 'Dockerfile', content: dockerfile },
    // Node and the SDK may write temp files: sticky and world-writable, like a real /tmp.
    { name: 'rootfs/tmp', dir: true, mode: 0o1777 },
    { name: `rootfs${NODE_DEST}`, hostPath: nodeBinary, mode: 0o755 },
    // The loader and libraries keep the paths ldd printed: the loader path is baked into the binary, and the
    // Debian multiarch dirs are in the loader's default search path, so no ld.so.cache is needed.
    ...libs.map((lib) => ({ name: `rootfs${lib}`, hostPath: lib })),
    ...pkgs.map((p) => ({ name: `rootfs${workdir}/node_modules/${p.rel}`, hostPath: p.dir })),
    ...files.map(([dest, src]) => ({
      name: `rootfs${dest.startsWith('/') ? dest : `${workdir}/${dest}`}`,
      hostPath: src,
    })),
  ]
  return { ref, labels, entries }
}

/** Absolute paths of the shared libraries and dynamic loader `ldd` lists for a binary (vdso excluded). */
export async function sharedLibraries(binary: string): Promise<string[]> {
  let stdout: string
  try {
    stdout = (await run('ldd', [binary])).stdout
  } catch (err) {
    // A static binary makes ldd exit non-zero with "not a dynamic executable": it needs nothing.
    const out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`
    if (/not a dynamic executable|statically linked/.test(out)) return []
    throw new Error(`ldd ${binary} failed`, { cause: err })
  }
  const libs = new Set<string>()
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line)
    if (m?.[1]) libs.add(m[1])
    else if (/=>\s*not found/.test(line)) throw new Error(`ldd ${binary}: ${line.trim()}`)
  }
  return [...libs].sort()
}

async function fingerprint(path: string): Promise<string> {
  const st = await stat(path)
  return `${st.size}:${Math.trunc(st.mtimeMs)}`
}

async function contentHash(path: string): Promise<string> {
  const st = await stat(path)
  // Directories are fingerprinted by size/mtime only: cheap, and a changed entry touches the dir mtime.
  if (st.isDirectory()) return `dir:${st.size}:${Math.trunc(st.mtimeMs)}`
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
}
