import { parsePolicy, type Policy } from './policy.js'

/**
 * The few AWS managed policies ECS roles commonly attach, with their published documents, so a seed can name
 * them by ARN as the real role does. Any other `arn:aws:iam::aws:policy/...` is unknown locally: declare it
 * under managedPolicies with the document `aws iam get-policy-version` prints.
 */
const ADMINISTRATOR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

const DOCUMENTS: Record<string, object> = {
  AdministratorAccess: ADMINISTRATOR,
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  'service-role/AmazonECSTaskExecutionRolePolicy': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
}

/** `arn:<partition>:iam::aws:policy/<path/name>`, when it is one of the documents above. */
export function awsManagedPolicy(arn: string): Policy | undefined {
  const m = /^arn:(aws|aws-cn|aws-us-gov):iam::aws:policy\/(.+)$/.exec(arn)
  const doc = m?.[2] !== undefined && Object.hasOwn(DOCUMENTS, m[2]) ? DOCUMENTS[m[2]] : undefined
  return doc && parsePolicy(doc, arn, 'identity', arn)
}

const administrators = new Map<string, Policy>()

/** What the daemon's own user holds: everything, as an account administrator. Parsed once per partition. */
export function administratorAccess(partition: string): Policy {
  let policy = administrators.get(partition)
  if (!policy) {
    const arn = `arn:${partition}:iam::aws:policy/AdministratorAccess`
    administrators.set(partition, (policy = parsePolicy(ADMINISTRATOR, arn, 'identity', arn)))
  }
  return policy
}
