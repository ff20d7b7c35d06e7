import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import { AwsError } from './awsError.js'
import { handleCall, rejectRequest, type PipelineDeps } from './pipeline.js'
import type { Reply } from './service.js'
import { unmapIPv4 } from '../lib/address.js'
import { canonicalHeaderMap } from './sigv4/canonical.js'

/** Enough for PutLogEvents (1 MiB) and env files; S3 uploads beyond it are not a local-AWS use case. */
const BODY_LIMIT = 16 * 1024 * 1024

/** One catch-all route: AWS routes by signature scope, target header or query, never by path alone. */
export function buildApp(deps: PipelineDeps): FastifyInstance {
  // fastify's own request logging is off: presigned URLs carry X-Amz-Security-Token in the query string.
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT })
  // Signatures cover the exact bytes sent, so every body stays a Buffer, whatever its content type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))

  app.all('/*', async (req, res) => {
    const url = req.raw.url ?? '/'
    const q = url.indexOf('?')
    const reply = await handleCall(deps, {
      method: req.method,
      wirePath: q < 0 ? url : url.slice(0, q),
      wireQuery: q < 0 ? '' : url.slice(q + 1),
      headers: canonicalHeaderMap(req.raw.rawHeaders),
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      ...(req.socket.remoteAddress && { sourceIp: unmapIPv4(req.socket.remoteAddress) }),
    })
    return send(res, reply)
  })

  app.setErrorHandler<FastifyError>(async (error, _req, res) => {
    const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 500
    return send(res, await rejectRequest(deps, new AwsError('InvalidRequest', error.message, status)))
  })
  return app
}

function send(res: FastifyReply, reply: Reply): FastifyReply {
  return res
    .code(reply.status)
    .headers(reply.headers ?? {})
    .type(reply.contentType)
    .send(reply.body)
}
