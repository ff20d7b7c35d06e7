import { AwsError } from '../awsError.js'
import { queryAuthError, queryError, queryParams, queryReply } from '../protocols/query.js'
import type { Account, AwsService } from '../service.js'
import type { StsAction } from './action.js'
import { assumeRole } from './assumeRole.js'
import { getCallerIdentity } from './getCallerIdentity.js'
import { getSessionToken } from './getSessionToken.js'

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'
const VERSION = '2011-06-15'

const ACTIONS: Record<string, StsAction> = {
  AssumeRole: assumeRole as StsAction,
  GetCallerIdentity: getCallerIdentity as StsAction,
  GetSessionToken: getSessionToken as StsAction,
}

/** AWS STS over the query protocol: AssumeRole, GetCallerIdentity, GetSessionToken. */
export function createStsService(account: Account): AwsService {
  return {
    name: 'sts',
    parse(req) {
      const params = queryParams(req)
      const action = params.get('Action') ?? ''
      const impl = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined
      if (!impl || params.get('Version') !== VERSION) {
        const message = `Could not find operation ${action} for version ${params.get('Version') ?? ''}`
        return { action, iamAction: `sts:${action}`, input: null, invalid: new AwsError('InvalidAction', message) }
      }
      return { action, iamAction: `sts:${action}`, ...impl.parse(params) }
    },
    async handle(call, ctx) {
      const impl = ACTIONS[call.action]
      if (!impl) throw new AwsError('InvalidAction', `Could not find operation ${call.action}`)
      return queryReply(NAMESPACE, call.action, impl.run(call.input, ctx, account), ctx.requestId)
    },
    authError: queryAuthError,
    renderError: (err, requestId) => queryError(NAMESPACE, err, requestId),
  }
}
