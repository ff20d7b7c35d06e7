import type { DeserializeHandler, DeserializeHandlerArguments, MiddlewareStack } from '@smithy/types'

/** What one AWS call's HTTP exchange showed: where it went and the server's clock (its Date header). */
export interface Exchange {
  endpoint?: string
  date?: Date
}

/**
 * Watches one command's exchange. Placed after the deserializer (priority low in its step), so it sees the raw
 * response before it is turned into a result or an error: an AccessDenied still carries STS's Date.
 */
export function watchExchange<I extends object, O extends object>(stack: MiddlewareStack<I, O>): Exchange {
  const seen: Exchange = {}
  stack.add(
    (next: DeserializeHandler<I, O>) => async (args: DeserializeHandlerArguments<I>) => {
      const req = args.request as { protocol?: string; hostname?: string; port?: number }
      if (req.hostname) seen.endpoint = `${req.protocol ?? 'https:'}//${req.hostname}${req.port ? `:${req.port}` : ''}`
      const out = await next(args)
      const headers = (out.response as { headers?: Record<string, string | undefined> }).headers ?? {}
      const date = new Date(headers.date ?? headers.Date ?? NaN)
      if (!isNaN(+date)) seen.date = date
      return out
    },
    { step: 'deserialize', priority: 'low', name: 'ecsLocalDoctorExchange' },
  )
  return seen
}
