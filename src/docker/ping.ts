import { Agent, request } from 'undici'

/**
 * Whether an engine answers on the socket (the Engine API's /_ping), without loading dockerode: `run` asks before
 * it starts a daemon, so a missing engine is one clear error at once instead of a daemon that fails in the
 * background.
 */
export async function pingEngine(socketPath: string): Promise<void> {
  const dispatcher = new Agent({ connect: { socketPath }, headersTimeout: 5000, bodyTimeout: 5000 })
  try {
    const res = await request('http://localhost/_ping', { dispatcher })
    const body = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`/_ping answered ${res.statusCode} ${body}`)
  } finally {
    await dispatcher.close()
  }
}
