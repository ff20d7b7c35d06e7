import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

// Follows the static imports of dist/ files (what users run): tsc has erased the type-only ones, and a dynamic
// import() is not followed, since that is how a module loads what only some of its callers need.

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm

/** The files reachable from `entry` through static imports, and the packages they import. */
export function staticImports(entry: string): { files: string[]; packages: Set<string> } {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!spec) continue
      if (spec.startsWith('.')) visit(join(dirname(file), spec))
      else if (!spec.startsWith('node:'))
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string))
    }
  }
  visit(entry)
  return { files: [...seen], packages }
}
