import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'

export interface ClosurePackage {
  name: string
  version: string
  /** Directory on the host. */
  dir: string
  /** Path relative to nodeModulesDir, e.g. `@aws-sdk/client-sts` or `a/node_modules/b`. */
  rel: string
}

interface Manifest {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

/**
 * The runtime dependency closure of `roots`, resolved from `nodeModulesDir` exactly as Node's require would:
 * from a package dir, try `<dir>/node_modules/<dep>`, then the same in each ancestor, but never above the
 * project that owns nodeModulesDir (nothing above it goes into the image). Optional dependencies npm skipped
 * (other platforms) are allowed to be missing; a missing regular dependency is an error, since the image would
 * fail at require time. Packages nested inside another package's dir are listed too (callers copy whole dirs
 * and can drop them); the result is sorted by `rel`.
 */
export async function packageClosure(nodeModulesDir: string, roots: readonly string[]): Promise<ClosurePackage[]> {
  const projectRoot = dirname(nodeModulesDir)
  const found = new Map<string, ClosurePackage>()

  async function resolveFrom(fromDir: string, dep: string): Promise<string | undefined> {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      if (basename(dir) !== 'node_modules') {
        const candidate = join(dir, 'node_modules', dep)
        if (await isDir(candidate)) return candidate
      }
      if (dir === projectRoot || dir === dirname(dir)) return undefined
    }
  }

  async function visit(dir: string): Promise<void> {
    if (found.has(dir)) return
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest
    const rel = relative(nodeModulesDir, dir).split(sep).join('/')
    found.set(dir, { name: manifest.name ?? rel, version: manifest.version ?? '0.0.0', dir, rel })
    const optional = manifest.optionalDependencies ?? {}
    const deps = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(optional)])
    for (const dep of [...deps].sort()) {
      const depDir = await resolveFrom(dir, dep)
      if (depDir) await visit(depDir)
      else if (!(dep in optional)) {
        throw new Error(`${manifest.name ?? dir} depends on ${dep}, which is not installed under ${projectRoot}`)
      }
    }
  }

  for (const root of roots) {
    const dir = join(nodeModulesDir, root)
    if (!(await isDir(dir))) throw new Error(`package ${root} is not installed in ${nodeModulesDir}`)
    await visit(dir)
  }
  return [...found.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
}

/** Drops packages that live inside another listed package's dir: copying the outer dir whole brings them. */
export function outermost(pkgs: readonly ClosurePackage[]): ClosurePackage[] {
  const kept: ClosurePackage[] = []
  for (const p of pkgs) {
    if (!kept.some((k) => p.rel.startsWith(`${k.rel}/node_modules/`))) kept.push(p)
  }
  return kept
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
