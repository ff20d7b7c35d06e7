import { Agent, request } from 'undici'
import type { DaemonInfo, RunTaskRequest, TaskEvent, TaskSummary } from './protocol.js'

/** Client of the daemon's control socket (used by `ecs-local run` and by tests). */
export class ControlClient {
  readonly #dispatcher: Agent

  constructor(readonly socketPath: string) {
    this.#dispatcher = new Agent({ connect: { socketPath }, bodyTimeout: 0, headersTimeout: 30_000 })
  }

  async #json<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await request(`http://localhost${path}`, {
      method,
      dispatcher: this.#dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = (await res.body.json()) as T & { message?: string }
    if (res.statusCode >= 400) throw Object.assign(new Error(data.message ?? `HTTP ${res.statusCode}`), { data })
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
  async *runTask(req: RunTaskRequest): AsyncGenerator<TaskEvent> {
    const res = await request('http://localhost/v1/tasks', {
      method: 'POST',
      dispatcher: this.#dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req),
    })
    if (res.statusCode >= 400) {
      const data = (await res.body.json()) as { code?: string; message?: string }
      yield { type: 'error', code: data.code ?? 'ECSL_ERR_DAEMON', message: data.message ?? `HTTP ${res.statusCode}` }
      return
    }
    let rest = ''
    const decoder = new TextDecoder() // stream mode: a character split across chunks stays whole
    for await (const chunk of res.body) {
      const lines = (rest + decoder.decode(chunk as Buffer, { stream: true })).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) if (line) yield JSON.parse(line) as TaskEvent
    }
  }

  close(): Promise<void> {
    return this.#dispatcher.close()
  }
}
