import { createRequire } from 'node:module'
import t from 'tap'

const require = createRequire(import.meta.url)
const loadedFrom = (dir: string): number => Object.keys(require.cache).filter((k) => k.includes(dir)).length

t.test("dockerode's ssh2 and gRPC wait for their first use, and then are the real modules", async (t) => {
  await import('../../src/docker/client.js')
  t.ok(loadedFrom('/node_modules/ssh2/') <= 1, 'ssh2: its stand-in only, none of its files')
  t.ok(loadedFrom('/node_modules/@grpc/grpc-js/') <= 1, '@grpc/grpc-js: its stand-in only')
  t.ok(loadedFrom('/node_modules/protobufjs/') === 0, 'protobufjs not loaded at all')

  const dockerode = require.resolve('dockerode')
  const grpc = createRequire(dockerode)('@grpc/grpc-js') as { credentials: { createInsecure(): unknown } }
  t.type(grpc.credentials.createInsecure, 'function', 'a property read loads the real @grpc/grpc-js')
  t.ok(loadedFrom('/node_modules/@grpc/grpc-js/') > 1)

  const modem = createRequire(dockerode).resolve('docker-modem')
  const { Client } = createRequire(modem)('ssh2') as { Client: new () => { connect: unknown; end(): void } }
  const client = new Client()
  t.type(client.connect, 'function', "new Client() is the real ssh2's client")
  t.ok(loadedFrom('/node_modules/ssh2/') > 1)
  client.end()
})
