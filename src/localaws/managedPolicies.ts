import { ERRORS } from '../errors.js'
import { awsManagedPolicy } from './iam/awsManaged.js'
import { parsePolicy, PolicyError, type Policy } from './iam/policy.js'
import type { LocalAwsManagedPolicy } from './types.js'

const POLICY_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/

/** Compiles one document of the seed; a document IAM would refuse is a configuration error naming the field. */
export function seedPolicy(doc: unknown, where: string, name: string, kind: 'identity' | 'resource'): Policy {
  try {
    return parsePolicy(doc, name, kind)
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e
    throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}: ${e.message}`, { cause: e })
  }
}

/**
 * The managed policies the seed declares by ARN (for roles to attach and for AssumeRole's PolicyArns), and the
 * AWS managed ones the local AWS knows by heart.
 */
export class ManagedPolicies {
  readonly #byArn = new Map<string, Policy>()

  constructor(seed: readonly LocalAwsManagedPolicy[] = []) {
    for (const [i, p] of seed.entries()) {
      const where = `managedPolicies[${i}]`
      if (!POLICY_ARN.test(p.arn))
        throw new ERRORS.ECSL_ERR_CONFIG(
          `seed ${where}.arn: ${p.arn} must look like arn:<aws|aws-cn|aws-us-gov>:iam::<12 digits>:policy/<name>`,
        )
      if (this.#byArn.has(p.arn)) throw new ERRORS.ECSL_ERR_CONFIG(`seed ${where}.arn: ${p.arn} is declared twice`)
      const policy = seedPolicy(p.document, `${where}.document`, p.arn, 'identity')
      this.#byArn.set(p.arn, { ...policy, arn: p.arn })
    }
  }

  get(arn: string): Policy | undefined {
    return this.#byArn.get(arn) ?? awsManagedPolicy(arn)
  }
}
