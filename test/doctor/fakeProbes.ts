import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { loadConfig, type Config, type ConfigFlags } from '../../src/config.js'
import type { DoctorProbes } from '../../src/doctor/probes.js'

/** The doctor's probes as a healthy host answers them; each test replaces what it breaks. */

export const NOW = new Date('2030-01-01T12:00:00Z')
export const CALLER = 'arn:aws:iam::111122223333:user/dev'
export const TASK_ROLE = 'arn:aws:iam::111122223333:role/app-task'
export const EXEC_ROLE = 'arn:aws:iam::111122223333:role/app-exec'
export const ECR_IMAGE = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1'

/** A config from flags alone: the environment of the machine running the tests plays no part. */
export const config = (flags: ConfigFlags = {}): Config => loadConfig({ 'state-dir': '/tmp/ecsl-doctor', ...flags }, {})

export interface Recorded {
  assumed: Array<Parameters<DoctorProbes['assumeRole']>[0]>
  bound: string[]
  ecr: string[]
}

export function fakeProbes(over: Partial<DoctorProbes> = {}): DoctorProbes & { recorded: Recorded } {
  const recorded: Recorded = { assumed: [], bound: [], ecr: [] }
  const probes: DoctorProbes = {
    daemon: async () => undefined,
    engine: async () => ({
      version: '20.10.24',
      apiVersion: '1.41',
      minApiVersion: '1.12',
      os: 'linux',
      arch: 'amd64',
      systemTime: NOW,
    }),
    networks: async () => [{ id: 'b1', name: 'bridge', driver: 'bridge', subnets: [{ subnet: '172.17.0.0/16' }] }],
    networkContainers: async () => [],
    bind: async (host, port) => {
      recorded.bound.push(`${host}:${port}`)
      return { ok: true }
    },
    callerIdentity: async () => ({
      ok: true,
      value: { Arn: CALLER, Account: '111122223333', UserId: 'AIDAEXAMPLE' },
      date: NOW,
      endpoint: 'https://sts.us-east-1.amazonaws.com',
    }),
    assumeRole: async (req) => {
      recorded.assumed.push(req)
      const name = req.roleArn.split('/').pop()
      return {
        ok: true,
        value: {
          AssumedRoleUser: {
            Arn: `arn:aws:sts::111122223333:assumed-role/${name}/${req.sessionName}`,
            AssumedRoleId: 'AROAX:s',
          },
        },
        date: NOW,
      }
    },
    ecrEndpoint: async (region) => {
      recorded.ecr.push(region)
      return { ok: true, endpoint: `https://api.ecr.${region}.amazonaws.com`, status: 400 }
    },
    now: () => NOW,
  }
  return { ...probes, ...over, recorded }
}

/** An AWS SDK service error as the SDK throws it: the error code as name, the HTTP status in $metadata. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } })
}

/** A node system error (connect, bind, DNS). */
export function sysError(code: string, message = `${code.toLowerCase()} 127.0.0.1`): Error {
  return Object.assign(new Error(message), { code })
}

export function taskDefinition(over: Partial<TaskDefinition> = {}): TaskDefinition {
  return {
    family: 'web',
    taskRoleArn: TASK_ROLE,
    executionRoleArn: EXEC_ROLE,
    containerDefinitions: [{ name: 'app', image: ECR_IMAGE, essential: true }],
    ...over,
  }
}
