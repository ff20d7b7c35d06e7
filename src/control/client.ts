import { Agent, request, type IncomingMessage } from 'node:http'
import type { DaemonInfo, RolePolicy, RunTaskRequest, TaskEvent, TaskSummary } from './protocol.js'

/** How long a request may wait for the daemon's answer to begin (a task's event stream then runs untimed). */
const HEADERS_TIMEOUT_MS = 30_000

/**
 * Client of the daemon's control socket (used by `ecs-local run` and by tests). On node:http rather than undici:
 * undici parses HTTP with a WebAssembly build of llhttp, and compiling it cost every CLI run about 50 MB of RSS
 * and 0.6 s (measured: one request 98 MB / 0.84 s with undici, 45 MB / 0.20 s with node:http).
 */
export class ControlClient {
  readonly #agent = new Agent({ keepAlive: true })

  constructor(readonly socketPath: string) {}

  #request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      const req = request(
        {
          socketPath: this.socketPath,
          path,
          method,
          agent: this.#agent,
          headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          req.setTimeout(0)
          resolve(res)
        },
      )
      req.setTimeout(HEADERS_TIMEOUT_MS, () => req.destroy(new Error(`daemon did not answer ${method} ${path}`)))
      req.on('error', reject)
      req.end(payload)
    })
  }

  async #json<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await this.#request(method, path, body)
    let text = ''
    res.setEncoding('utf8')
    for await (const chunk of res) text += chunk as string
    const data = JSON.parse(text) as T & { message?: string }
    const status = res.statusCode ?? 500
    if (status >= 400) throw Object.assign(new Error(data.message ?? `HTTP ${status}`), { data })
    return data
  }

  /** undefined when no daemon answers on the socket. */
  async info(): Promise<DaemonInfo | undefined> {
    try {
      return await this.#json<DaemonInfo>('GET', '/v1/info')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET') return undefined
      throw e
    }
  }

  tasks(): Promise<TaskSummary[]> {
    return this.#json('GET', '/v1/tasks')
  }

  stopTask(id: string): Promise<{ taskArn: string }> {
    return this.#json('DELETE', `/v1/tasks/${encodeURIComponent(id)}`)
  }

  localAwsCalls<T = unknown>(): Promise<T[]> {
    return this.#json('GET', '/v1/local-aws/calls')
  }

  /** A role's least-privilege policy from the call log: the role by ARN, or a task's task (or execution) role. */
  localAwsPolicy(of: { role: string } | { task: string; execution?: boolean }): Promise<RolePolicy> {
    const q = new URLSearchParams('role' in of ? { role: of.role } : { task: of.task })
    if ('task' in of && of.execution) q.set('execution', 'true')
    return this.#json('GET', `/v1/local-aws/policy?${q}`)
  }

  /** Log groups of the local CloudWatch, or the events of one group (optionally one stream). */
  localAwsLogs<T = unknown>(group?: string, stream?: string): Promise<T[]> {
    const q = new URLSearchParams()
    if (group) q.set('group', group)
    if (stream) q.set('stream', stream)
    return this.#json('GET', `/v1/local-aws/logs?${q}`)
  }

  /** How many events a local log group (or stream) holds, without fetching them. */
  async localAwsLogCount(group: string, stream?: string): Promise<number> {
    const q = new URLSearchParams({ group, count: '1' })
    if (stream) q.set('stream', stream)
    return (await this.#json<{ count: number }>('GET', `/v1/local-aws/logs?${q}`)).count
  }

  injectFault(spec: { service?: string; action: string; count: number; error: string; status?: number }) {
    return this.#json<unknown[]>('POST', '/v1/local-aws/faults', spec)
  }

  shutdown(): Promise<unknown> {
    return this.#json('POST', '/v1/shutdown', {})
  }

  /** Start a task and yield its events until it stops (the daemon stops it if this stream is dropped). */
  runTask(req: RunTaskRequest): AsyncGenerator<TaskEvent> {
    return this.#events('POST', '/v1/tasks', req)
  }

  /**
   * A running task's events until it stops, for a client whose daemon was replaced; output the engine logged
   * before `since` (ms) is left out. Dropping this stream leaves the task running.
   */
  followTask(id: string, since?: number): AsyncGenerator<TaskEvent> {
    const query = since === undefined ? '' : `?since=${Math.floor(since)}`
    return this.#events('GET', `/v1/tasks/${encodeURIComponent(id)}/events${query}`)
  }

  async *#events(method: 'GET' | 'POST', path: string, body?: unknown): AsyncGenerator<TaskEvent> {
    const res = await this.#request(method, path, body)
    const status = res.statusCode ?? 500
    if (status >= 400) {
      let text = ''
      for await (const chunk of res) text += String(chunk)
      const data = JSON.parse(text || '{}') as { code?: string; message?: string }
      yield { type: 'error', code: data.code ?? 'ECSL_ERR_DAEMON', message: data.message ?? `HTTP ${status}` }
      return
    }
    let rest = ''
    const decoder = new TextDecoder() // stream mode: a character split across chunks stays whole
    for await (const chunk of res) {
      const lines = (rest + decoder.decode(chunk as Buffer, { stream: true })).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) if (line) yield JSON.parse(line) as TaskEvent
    }
  }

  async close(): Promise<void> {
    this.#agent.destroy()
  }
}
