import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendRaw } from './agentError.js'
import { callerAddress } from './caller.js'
import type { RequestCounts } from './requestCounts.js'
import { safeUrl } from './safeRequest.js'

/** Requests per second and burst, as ECS_TASK_METADATA_RPS_LIMIT=steady,burst sets them (agent default 40,60). */
export interface RateLimit {
  steady: number
  burst: number
}

export const DEFAULT_RATE_LIMIT: RateLimit = { steady: 40, burst: 60 }

/** Buckets kept at most before full ones (indistinguishable from new) are dropped. */
const SWEEP_AT = 10_000

/**
 * Token buckets per key, as tollbooth keeps them with golang.org/x/time/rate: a new bucket holds `burst` tokens,
 * refills continuously at `steady` per second up to `burst`, and a request takes one whole token or is refused.
 * `now` is in milliseconds and injectable, so tests move time instead of waiting for it.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  /** The size that triggers the next sweep: doubled past what a sweep could not free, so sweeps stay rare. */
  #sweepAt = SWEEP_AT

  constructor(
    readonly limit: RateLimit,
    readonly now: () => number = Date.now,
  ) {}

  take(key: string): boolean {
    const now = this.now()
    const b = this.#buckets.get(key)
    const tokens = b ? this.#refilled(b, now) : this.limit.burst
    if (tokens < 1) return false
    if (b) {
      // Updated in place: this runs for every request, and the hot path stays allocation-free.
      b.tokens = tokens - 1
      b.at = now
      return true
    }
    if (this.#buckets.size >= this.#sweepAt) this.#sweep(now)
    this.#buckets.set(key, { tokens: tokens - 1, at: now })
    return true
  }

  #refilled(b: { tokens: number; at: number }, now: number): number {
    const elapsed = Math.max(0, now - b.at) / 1000
    return Math.min(this.limit.burst, b.tokens + elapsed * this.limit.steady)
  }

  /** A full bucket behaves exactly like a missing one, so forgetting it changes nothing a caller can see. */
  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) if (this.#refilled(b, now) >= this.limit.burst) this.#buckets.delete(key)
    this.#sweepAt = Math.max(SWEEP_AT, this.#buckets.size * 2)
  }
}

/** tollbooth's answer past the limit (limiter.New defaults; the agent sets no message of its own for TMDS). */
const LIMITED_BODY = 'You have reached maximum request limit.'

/**
 * The agent's limit on every route of the endpoint (ecs-agent/tmds/server.go wraps its whole router, unknown
 * paths included), keyed like tollbooth's default: the caller's address and the request's path, query left out.
 * Over it: 429 in plain text with tollbooth's X-Rate-Limit headers. Refusals are counted, not logged one by one.
 */
export function rateLimitHook(app: FastifyInstance, buckets: TokenBuckets, counts: RequestCounts): void {
  const limitHeader = buckets.limit.steady.toFixed(2)
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const caller = callerAddress(request.ip)
    const path = request.url.split('?', 1)[0] as string
    if (buckets.take(`${caller}|${path}`)) return done()
    counts.refused(
      { caller, code: 'TooManyRequests', path: safeUrl(path, true) },
      'endpoint request over the rate limit',
    )
    const forwarded = request.headers['x-forwarded-for']
    sendRaw(
      reply,
      429,
      {
        'content-type': 'text/plain; charset=utf-8',
        'x-rate-limit-limit': limitHeader,
        'x-rate-limit-duration': '1',
        'x-rate-limit-request-forwarded-for': typeof forwarded === 'string' ? forwarded : '',
        'x-rate-limit-request-remote-addr': `${request.ip}:${request.socket.remotePort ?? ''}`,
      },
      LIMITED_BODY,
    )
  })
}
