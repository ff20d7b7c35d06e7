import { createServer } from 'node:net'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { baseCredentials } from '../aws/baseCredentials.js'
import { clientConfig } from '../aws/clients.js'
import type { Config } from '../config.js'
import { ControlClient } from '../control/client.js'
import { createDockerClient } from '../docker/client.js'
import { engineFacts } from '../docker/engineFacts.js'
import { listNetworks, networkContainers } from '../docker/network.js'
import { watchExchange, type Exchange } from './exchange.js'
import { httpStatus } from './failure.js'
import type { AwsOutcome, BindOutcome, DoctorProbes } from './probes.js'

/** Short, so that a doctor with nothing answering still ends within seconds. */
const TIMEOUT_MS = 5000
const REQUEST_HANDLER = { connectionTimeout: 3000, requestTimeout: TIMEOUT_MS, throwOnRequestTimeout: true }
/** ECR's answer to a request signed with keys it does not know (400) proves it reachable, and sends nothing of ours. */
const NOBODY = { accessKeyId: 'ECSLOCALDOCTOR', secretAccessKey: 'not-a-secret' }

function within<T>(what: string, p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = Object.assign(new Error(`${what}: no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' })
      reject(Object.assign(e, { name: 'TimeoutError' }))
    }, ms)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/** Listen for a moment, then let go: the daemon will bind the same way (daemon.ts listenEndpoint). */
function bind(host: string, port: number): Promise<BindOutcome> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (e: NodeJS.ErrnoException) =>
      resolve({ ok: false, code: e.code ?? 'UNKNOWN', message: e.message }),
    )
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve({ ok: true })))
  })
}

/** The real engine, control socket, STS and ECR, asked as the daemon would ask them. */
export function realProbes(config: Config): { probes: DoctorProbes; close(): Promise<void> } {
  const docker = createDockerClient({ socketPath: config.dockerSocket, timeoutMs: TIMEOUT_MS })
  const control = new ControlClient(config.controlSocket)
  // The daemon's base credentials, resolved the same way (daemon.ts), on an STS client that gives up quickly.
  const credentials = baseCredentials({ kind: 'chain', profile: config.profile, region: config.region })
  const sts = new STSClient({
    ...clientConfig({ region: config.region, credentials }),
    requestHandler: REQUEST_HANDLER,
  })
  const ecrs: ECRClient[] = []

  /** One AWS call, bounded in time, with what its exchange showed whether it worked or not. */
  async function call<T>(
    what: string,
    seen: Exchange,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<AwsOutcome<T>> {
    try {
      const value = await within(what, run(AbortSignal.timeout(2 * TIMEOUT_MS)), 3 * TIMEOUT_MS)
      return { ok: true, value, ...seen }
    } catch (error) {
      return { ok: false, error, ...seen }
    }
  }

  const probes: DoctorProbes = {
    daemon: () => within('the control socket', control.info()),
    engine: () => within('the Docker engine', engineFacts(docker)),
    networks: () => within('docker network ls', listNetworks(docker)),
    networkContainers: (id) => within('docker network inspect', networkContainers(docker, id)),
    bind,
    callerIdentity() {
      const command = new GetCallerIdentityCommand({})
      const seen = watchExchange(command.middlewareStack)
      return call('STS GetCallerIdentity', seen, (abortSignal) => sts.send(command, { abortSignal }))
    },
    assumeRole({ roleArn, sessionName, durationSeconds }) {
      const input = { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: durationSeconds }
      const command = new AssumeRoleCommand(input)
      const seen = watchExchange(command.middlewareStack)
      // Only who the session is survives: the credentials are dropped here, never kept or shown.
      return call('STS AssumeRole', seen, async (abortSignal) => {
        const { AssumedRoleUser } = await sts.send(command, { abortSignal })
        return { AssumedRoleUser }
      })
    },
    async ecrEndpoint(region) {
      const ecr = new ECRClient({ ...clientConfig({ region, credentials: NOBODY }), requestHandler: REQUEST_HANDLER })
      ecrs.push(ecr)
      const command = new GetAuthorizationTokenCommand({})
      const seen = watchExchange(command.middlewareStack)
      const out = await call('ECR GetAuthorizationToken', seen, (abortSignal) => ecr.send(command, { abortSignal }))
      const endpoint = out.endpoint ?? `https://api.ecr.${region}.amazonaws.com`
      if (out.ok) return { ok: true, endpoint }
      const status = httpStatus(out.error)
      return status !== undefined ? { ok: true, endpoint, status } : { ok: false, endpoint, error: out.error }
    },
    now: () => new Date(),
  }
  return {
    probes,
    async close() {
      sts.destroy()
      for (const ecr of ecrs) ecr.destroy()
      await control.close()
    },
  }
}
