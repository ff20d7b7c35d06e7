import type { FastifyReply } from 'fastify'

/**
 * Wire codes, exactly as the ECS agent sends them (ecs-agent/tmds/handlers/v1/credentials_handler.go).
 * SDKs and users match on these strings, so they are constants, not prose.
 */
export const NO_ID_IN_REQUEST = 'NoIdInRequest'
export const INVALID_ID_IN_REQUEST = 'InvalidIdInRequest'
export const CREDENTIALS_UNINITIALIZED = 'CredentialsUninitialized'
export const INTERNAL_SERVER_ERROR = 'InternalServerError'
/** Ours, not the agent's: ECS has no caller binding, so it has no code for refusing one. */
export const ACCESS_DENIED = 'AccessDenied'

/** The agent's ErrorMessage struct: `code` and `message` are tagged lower case, HTTPErrorCode is not. */
export interface AgentErrorBody {
  code: string
  message: string
  HTTPErrorCode: number
}

export function agentError(code: string, message: string, status: number): AgentErrorBody {
  return { code, message, HTTPErrorCode: status }
}

/**
 * The agent writes `application/json` without a charset (fastify appends one to a string payload). Written
 * straight to the socket as one string, so headers and body leave in one write instead of a writev of two
 * chunks: on this hot path that was a fifth of the daemon's CPU under load (bench/credentials).
 * Returns nothing on purpose: a sync handler that returns the reply makes fastify send it a second time,
 * and its "already sent" warning logs the URL, which may hold a credentials id.
 */
export function sendJson(reply: FastifyReply, status: number, body: unknown): void {
  sendJsonText(reply, status, JSON.stringify(body))
}

/** sendJson for a body already serialised. */
export function sendJsonText(reply: FastifyReply, status: number, text: string): void {
  sendRaw(reply, status, { 'content-type': 'application/json' }, text)
}

export function sendAgentError(reply: FastifyReply, err: AgentErrorBody): void {
  sendJson(reply, err.HTTPErrorCode, err)
}

const DEBUG_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace'])

/**
 * Every answer leaves through here, so this is where the one line per request is written: at debug only (at the
 * default level a successful request writes nothing, an SDK polling hard must not fill daemon.log). The request
 * serializer keeps credentials ids and query strings out of it.
 */
export function sendRaw(reply: FastifyReply, status: number, headers: Record<string, string>, text: string): void {
  reply.hijack()
  reply.raw.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) })
  reply.raw.end(text)
  if (DEBUG_LEVELS.has(reply.log.level)) reply.log.debug({ req: reply.request, statusCode: status }, 'answered')
}

/** Go's http.Error, as the agent's router answers a path no route knows: plain text, never the path. */
export function sendNotFound(reply: FastifyReply): void {
  sendRaw(
    reply,
    404,
    { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    '404 page not found\n',
  )
}
