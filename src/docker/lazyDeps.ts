import Module, { createRequire } from 'node:module'

/**
 * dockerode loads, at its own start, modules for features ecs-local does not use over a unix socket: ssh2
 * (docker-modem's ssh:// transport) and @grpc/grpc-js with @grpc/proto-loader (BuildKit sessions). They cost
 * the daemon about 8 MiB of memory (bench/memory, P4). Before dockerode is loaded, each is put in the require
 * cache as a stand-in that loads the real module on first real use, so a feature that needs one still works.
 * Must run before dockerode is imported: client.ts imports this module first.
 */
function deferModule(from: string, name: string, standIn: (load: () => Record<string, unknown>) => unknown): void {
  const require = createRequire(from)
  let path: string
  try {
    path = require.resolve(name)
  } catch {
    return // not installed where dockerode looks: nothing to defer
  }
  if (require.cache[path]) return
  let real: Record<string, unknown> | undefined
  const load = (): Record<string, unknown> => {
    if (real) return real
    delete require.cache[path]
    real = require(path) as Record<string, unknown>
    return real
  }
  const entry = new Module(path)
  entry.filename = path
  entry.loaded = true
  entry.exports = standIn(load)
  require.cache[path] = entry
}

/** Every property read goes to the real module (loaded then): for modules kept whole and used later. */
const proxyOf = (load: () => Record<string, unknown>): unknown =>
  new Proxy({}, { get: (_, key) => load()[key as string], has: (_, key) => key in load() })

const root = createRequire(import.meta.url)
try {
  const dockerode = root.resolve('dockerode')
  deferModule(dockerode, '@grpc/grpc-js', proxyOf)
  deferModule(dockerode, '@grpc/proto-loader', proxyOf)
  // docker-modem reads `require('ssh2').Client` at once and calls `new Client()` only for ssh:// hosts.
  deferModule(createRequire(dockerode).resolve('docker-modem'), 'ssh2', (load) => ({
    Client: function Client(...args: unknown[]) {
      const Real = load().Client as new (...a: unknown[]) => object
      return new Real(...args)
    },
  }))
} catch {
  // dockerode not resolvable from here: the import below reports that in its own words.
}
