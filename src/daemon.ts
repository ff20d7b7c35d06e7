import { chmod, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Agent } from './agent/agent.js'
import { execRunner } from './agent/faults/commandRunner.js'
import { FaultInjector } from './agent/faults/faultInjector.js'
import { TaskRegistry } from './agent/registry.js'
import { ServiceWatcher } from './agent/services.js'
import { sweepManaged } from './agent/sweep.js'
import { TaskStore } from './agent/taskStore.js'
import { baseCredentials } from './aws/baseCredentials.js'
import { createStsClient } from './aws/clients.js'
import { LegacyRoles } from './aws/legacyRoles.js'
import { RoleVault } from './aws/roleVault.js'
import { EcrAuth } from './aws/ecrAuth.js'
import { executionRoleClients } from './aws/executionClients.js'
import { daemonSettings, type Config } from './config.js'
import type { DaemonInfo } from './control/protocol.js'
import { buildControlApp, type ControlDeps } from './control/server.js'
import { dockerEngine } from './docker/engine.js'
import { provideLocalImage } from './docker/exampleImage.js'
import { ensurePauseImage } from './docker/pauseImage.js'
import { buildApp } from './endpoints/app.js'
import { takeDaemonLock } from './daemonLock.js'
import { checkEngine } from './engine.js'
import { createLocalAws } from './localaws/index.js'
import { rotateWhenLarge } from './logRotation.js'
import { loadSeed } from './localaws/seedFile.js'
import type { Logger } from './log.js'
import { packageVersion } from './version.js'

export interface Daemon {
  info: DaemonInfo
  /** Settles when the daemon has stopped (signal, idle exit or shutdown request). */
  stopped: Promise<void>
  shutdown(reason: string): Promise<void>
}

/** Listen on port 80 as ECS does; without the privilege, on the agent's own port (containers then get FULL_URI). */
async function listenEndpoint(app: FastifyInstance, config: Config, logger: Logger): Promise<number> {
  try {
    await app.listen({ host: config.endpoint.host, port: config.endpoint.port })
    return config.endpoint.port
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EACCES') throw e
    await app.listen({ host: config.endpoint.host, port: config.endpoint.fallbackPort })
    logger.warn(
      `cannot bind ${config.endpoint.host}:80 without root or CAP_NET_BIND_SERVICE; serving on port ` +
        `${config.endpoint.fallbackPort} and giving containers AWS_CONTAINER_CREDENTIALS_FULL_URI instead`,
    )
    return config.endpoint.fallbackPort
  }
}

/** Take the control socket, which doubles as the one-daemon-per-engine lock. */
async function listenControl(app: FastifyInstance, config: Config): Promise<() => Promise<void>> {
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 })
  const release = await takeDaemonLock(join(config.stateDir, 'daemon.lock'))
  // Holding the lock, any socket file left is an earlier daemon's.
  await rm(config.controlSocket, { force: true })
  await app.listen({ path: config.controlSocket })
  await chmod(config.controlSocket, 0o600)
  return release
}

/** The composition root: builds and wires every part, then serves until stopped. */
export async function startDaemon(config: Config, logger: Logger): Promise<Daemon> {
  const docker = await checkEngine(config)
  const engine = dockerEngine(docker)
  const version = await packageVersion()
  const registry = new TaskRegistry()
  const closers: Array<() => Promise<unknown> | unknown> = []
  if (config.daemonLogFile) closers.push(rotateWhenLarge(config.daemonLogFile).stop)
  let lastActivity = Date.now()
  let agent: Agent | undefined
  let services: ServiceWatcher | undefined
  let controlDeps: ControlDeps | undefined
  let resolveStopped!: () => void
  const stopped = new Promise<void>((r) => (resolveStopped = r))
  let stopping: Promise<void> | undefined
  const shutdown = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'daemon stopping')
      await agent?.stopAll('Daemon stopped')
      for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {})
      resolveStopped()
    })())

  const info: DaemonInfo = {
    version,
    pid: process.pid,
    aws: config.aws,
    region: config.region,
    endpoint: { host: config.endpoint.host, port: config.endpoint.port },
    settings: daemonSettings(config),
    idleExit: config.idleExitSeconds !== undefined,
  }
  try {
    controlDeps = {
      info,
      logger,
      touch: () => (lastActivity = Date.now()),
      shutdown: () => void shutdown('shutdown requested'),
    }
    const controlApp = buildControlApp(controlDeps)
    const releaseLock = await listenControl(controlApp, config)
    // Closers run last-first: the lock goes after the socket.
    closers.push(
      releaseLock,
      () => controlApp.close(),
      () => rm(config.controlSocket, { force: true }),
    )

    await engine.ensureNetwork(config.network)

    let awsEndpoint: string | undefined
    let credentials = baseCredentials({ kind: 'chain', profile: config.profile, region: config.region })
    const containerDefaults: Record<string, string> = {}
    if (config.aws === 'local') {
      const seed = config.localAws.seedFile ? await loadSeed(config.localAws.seedFile) : undefined
      const local = createLocalAws({
        region: config.region,
        maxSessionSeconds: config.localAws.maxSessionSeconds,
        seed,
        // Keys it issued and what tasks wrote outlive the daemon: a restart keeps running tasks' credentials.
        stateDir: config.localAws.stateDir,
        logger,
      })
      await local.app.listen({ host: config.localAws.listenHost, port: config.localAws.port })
      closers.push(() => local.app.close())
      awsEndpoint = `http://${config.endpoint.host}:${config.localAws.port}`
      credentials = baseCredentials({ kind: 'static', credentials: local.rootCredentials })
      containerDefaults.AWS_ENDPOINT_URL = awsEndpoint
      info.localAwsEndpoint = awsEndpoint
      controlDeps.localAws = local
    }
    const sts = createStsClient({ region: config.region, credentials, endpoint: awsEndpoint })
    const vault = new RoleVault(sts, {
      durationSeconds: config.roleSessionSeconds,
      logger,
      onRenew: (key, creds) => {
        const task = registry.list().find((t) => t.id === key.taskId)
        if (task?.credentialsId && task.taskRoleArn === key.roleArn) registry.setCredentials(task.credentialsId, creds)
      },
    })
    closers.push(() => vault.close())

    const { warning, ...rateLimit } = config.taskMetadataRateLimit
    if (warning) logger.warn(warning)
    if (config.legacyRolePaths) {
      logger.warn('--legacy-role-paths: /role/NAME, /role-arn/ARN and /creds give any container any role they name')
    }
    const legacy = config.legacyRolePaths ? new LegacyRoles(sts, vault) : undefined
    // Faults run iptables and tc in tasks' namespaces through nsenter: root on the host (docs/security.md).
    const faults = new FaultInjector({ engine, run: execRunner, logger })
    const endpointApp = buildApp({ registry, logger, rateLimit, legacy, faults })
    const port = await listenEndpoint(endpointApp, config, logger)
    info.endpoint.port = port
    closers.push(() => endpointApp.close())
    const store = new TaskStore(config.stateDir)
    agent = new Agent({
      store,
      faults,
      engine,
      registry,
      vault,
      logger,
      pauseImage: () => ensurePauseImage(docker),
      localImage: (ref) => provideLocalImage(docker, ref),
      settings: {
        region: config.region,
        defaultAccount: '000000000000',
        defaultCluster: config.cluster,
        endpointHost: config.endpoint.host,
        endpointPort: port,
        networkName: config.network.name,
        subnet: config.network.subnet,
        stateDir: config.stateDir,
        containerDefaults,
        pullPolicy: config.pullPolicy,
      },
      execution: {
        clients: (creds) => executionRoleClients(creds, awsEndpoint),
        ecrAuth: new EcrAuth({ logger }),
        ecrRegistries: config.ecrRegistries,
      },
    })
    // Only now, holding both the control socket and the endpoint's port, is this the engine's one daemon: the
    // tasks an earlier one saved are taken over, and whatever else carries our labels is an orphan.
    const { records, unreadable } = await store.loadAll()
    if (unreadable.length) logger.warn({ files: unreadable }, 'discarded saved task records that could not be read')
    const adopted = await agent.adopt(records)
    if (records.length) {
      logger.info(
        { adopted: [...adopted], lost: records.filter((r) => !adopted.has(r.arn)).map((r) => r.arn) },
        `took over ${adopted.size} of ${records.length} task(s) an earlier daemon left running`,
      )
    }
    await sweepManaged(engine, logger, adopted)

    // Compose services (labelled containers ecs-local did not start) get their roles from their labels.
    services = new ServiceWatcher({
      engine,
      registry,
      vault,
      logger,
      settings: {
        region: config.region,
        defaultAccount: '000000000000',
        cluster: config.cluster,
        networkName: config.network.name,
      },
    })
    closers.push(() => services?.close())
    await services.start()
    controlDeps.services = services
    controlDeps.agent = agent
  } catch (e) {
    await shutdown('start failed')
    throw e
  }

  if (config.idleExitSeconds !== undefined) {
    const idleMs = config.idleExitSeconds * 1000
    const timer = setInterval(() => {
      // Idle time counts from the end of the last task, not from its start.
      if (agent?.list().length || services?.list().length) lastActivity = Date.now()
      else if (Date.now() - lastActivity > idleMs) void shutdown('idle')
    }, 1000)
    closers.push(() => clearInterval(timer))
  }
  logger.info({ endpoint: `${config.endpoint.host}:${info.endpoint.port}`, aws: config.aws }, 'daemon ready')
  return { info, stopped, shutdown }
}
