import type { AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts'
import type { DaemonInfo } from '../control/protocol.js'
import type { EngineFacts, NetworkSummary } from '../model/dockerFacts.js'

/**
 * Everything `ecs-local doctor` asks the outside world, behind one interface: the checks (checks/) are pure
 * functions of what these answer, realProbes.ts asks the real engine, sockets and AWS, and the unit tests hand in
 * fakes that play every failure.
 */
export interface DoctorProbes {
  /** The running daemon's answer on the control socket; undefined when none answers. */
  daemon(): Promise<DaemonInfo | undefined>
  /** `/version` and `/info` of the engine at config.dockerSocket; rejects when no engine answers. */
  engine(): Promise<EngineFacts>
  networks(): Promise<NetworkSummary[]>
  /** Names of the containers attached to a network (by id). */
  networkContainers(id: string): Promise<string[]>
  /** Binds host:port for a moment and lets go: `ok`, or the errno code (EACCES, EADDRINUSE, EADDRNOTAVAIL...). */
  bind(host: string, port: number): Promise<BindOutcome>
  /** STS GetCallerIdentity with the daemon's base credentials. */
  callerIdentity(): Promise<AwsOutcome<GetCallerIdentityResponse>>
  /** STS AssumeRole with the base credentials; the credentials themselves are dropped, never returned. */
  assumeRole(req: {
    roleArn: string
    sessionName: string
    durationSeconds: number
  }): Promise<AwsOutcome<Pick<AssumeRoleResponse, 'AssumedRoleUser'>>>
  /** Whether the ECR API endpoint for the region answers an HTTPS request (any HTTP answer counts). */
  ecrEndpoint(region: string): Promise<Reach>
  /** The local clock. */
  now(): Date
}

export type BindOutcome = { ok: true } | { ok: false; code: string; message: string }

/**
 * An AWS call's result or error, with what the exchange showed either way: the server's `Date` header (the clock
 * check compares it with ours) and the endpoint the SDK resolved (AWS_ENDPOINT_URL_* included).
 */
export type AwsOutcome<T> = ({ ok: true; value: T } | { ok: false; error: unknown }) & {
  date?: Date
  endpoint?: string
}

export type Reach = { ok: true; endpoint: string; status?: number } | { ok: false; endpoint: string; error: unknown }
