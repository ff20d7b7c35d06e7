import type { FastifyInstance, FastifyReply } from 'fastify'
import { wholeSecondUtc } from '../lib/time.js'
import type { Logger } from '../log.js'
import type { RoleCredentials } from '../model/credentials.js'
import { agentError, sendAgentError, sendJsonText } from './agentError.js'
import { callerAddress } from './caller.js'

/** What the daemon gives these routes (aws/legacyRoles.ts): credentials by role name or ARN, or of itself. */
export interface LegacyRoleSource {
  byName(name: string): Promise<RoleCredentials>
  byArn(roleArn: string): Promise<RoleCredentials>
  base(): Promise<RoleCredentials>
}

/**
 * amazon-ecs-local-container-endpoints' paths, for users moving from it (`--legacy-role-paths`, off by default):
 * `/role/<name>`, `/role-arn/<arn>` and `/creds`. Any caller gets any role here, so the first request for a role
 * waits for its AssumeRole; later ones are answered from the vault's cache.
 */
export function legacyRoutes(app: FastifyInstance, source: LegacyRoleSource, logger: Logger): void {
  const answer = async (what: string, caller: string, reply: FastifyReply, get: () => Promise<RoleCredentials>) => {
    try {
      const c = await get()
      const body = {
        ...(c.roleArn && { RoleArn: c.roleArn }),
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: wholeSecondUtc(c.expiration),
      }
      sendJsonText(reply, 200, JSON.stringify(body))
    } catch (e) {
      const err = e as Error
      logger.warn({ err, caller, what }, 'legacy role path: no credentials')
      const status = err.name === 'AccessDenied' ? 403 : 500
      sendAgentError(reply, agentError(err.name || 'InternalServerError', `${what}: ${err.message}`, status))
    }
  }
  app.all<{ Params: { name: string } }>('/role/:name', (req, reply) =>
    answer(`role ${req.params.name}`, callerAddress(req.ip), reply, () => source.byName(req.params.name)),
  )
  app.all<{ Params: { '*': string } }>('/role-arn/*', (req, reply) =>
    answer(`role ${req.params['*']}`, callerAddress(req.ip), reply, () => source.byArn(req.params['*'])),
  )
  app.all('/creds', (req, reply) => answer('base credentials', callerAddress(req.ip), reply, () => source.base()))
}
