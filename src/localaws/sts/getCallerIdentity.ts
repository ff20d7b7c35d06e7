import type { StsAction } from './action.js'

export const getCallerIdentity: StsAction<null> = {
  parse: () => ({ input: null }),
  run(_input, ctx) {
    const p = ctx.caller.principal
    return { UserId: p.userId, Account: p.accountId, Arn: p.arn }
  },
}
