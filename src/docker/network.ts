import { ERRORS } from '../errors.js'
import type { DockerClient } from './client.js'
import { MANAGED_LABEL } from '../model/labels.js'
import type { NetworkSpec } from '../agent/engine.js'
import type { NetworkSummary } from '../model/dockerFacts.js'

interface IpamConfig {
  Subnet?: string
  Gateway?: string
}

/**
 * Create the bridge network if missing; check an existing one has the subnet and gateway we need.
 * CheckDuplicate makes two daemons racing to create it end with one network, not two.
 */
export async function ensureNetwork(docker: DockerClient, spec: NetworkSpec): Promise<void> {
  const existing = await findNetwork(docker, spec.name)
  if (!existing) {
    try {
      await docker.createNetwork({
        Name: spec.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
        Labels: { [MANAGED_LABEL]: 'true' },
      })
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 409) {
        throw new ERRORS.ECSL_ERR_NETWORK(spec.name, `cannot create it: ${(e as Error).message}`, { cause: e })
      }
    }
    return ensureNetwork(docker, spec)
  }
  const config: IpamConfig | undefined = existing[0]
  if (config?.Subnet !== spec.subnet || config?.Gateway !== spec.gateway) {
    throw new ERRORS.ECSL_ERR_NETWORK(
      spec.name,
      `exists with subnet ${config?.Subnet} and gateway ${config?.Gateway}, but this placement needs subnet ` +
        `${spec.subnet} and gateway ${spec.gateway}; remove it (docker network rm ${spec.name}) when no container uses it`,
    )
  }
}

async function findNetwork(docker: DockerClient, name: string): Promise<IpamConfig[] | undefined> {
  const list = await docker.listNetworks({ filters: { name: [name] } })
  const net = list.find((n) => n.Name === name)
  return net ? (net.IPAM?.Config ?? []) : undefined
}

/** IPv4 addresses currently held on a network, gateway included. */
export async function networkAddresses(docker: DockerClient, name: string): Promise<string[]> {
  const info = await docker.getNetwork(name).inspect()
  const held = Object.values((info.Containers ?? {}) as Record<string, { IPv4Address?: string }>)
    .map((c) => c.IPv4Address?.split('/')[0])
    .filter((a): a is string => !!a)
  const gateways = ((info.IPAM?.Config ?? []) as IpamConfig[]).map((c) => c.Gateway).filter((g): g is string => !!g)
  return [...held, ...gateways]
}

/** Docker answers 403 "endpoint with name ... already exists in network ..." for a container already attached. */
export async function connectNetwork(docker: DockerClient, id: string, name: string): Promise<void> {
  try {
    await docker.getNetwork(name).connect({ Container: id })
  } catch (e) {
    const err = e as { statusCode?: number; message?: string }
    if (err.statusCode === 403 && /already exists/.test(err.message ?? '')) return
    throw e
  }
}

/** Every network the engine has, with its IPAM pools (the list endpoint leaves containers out). */
export async function listNetworks(docker: DockerClient): Promise<NetworkSummary[]> {
  const list = await docker.listNetworks()
  return list.map((n) => ({
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    subnets: ((n.IPAM?.Config ?? []) as IpamConfig[]).map((c) => ({ subnet: c.Subnet, gateway: c.Gateway })),
  }))
}

/** Names of the containers attached to a network (running ones: only they hold an endpoint on it). */
export async function networkContainers(docker: DockerClient, id: string): Promise<string[]> {
  const info = await docker.getNetwork(id).inspect()
  return Object.values((info.Containers ?? {}) as Record<string, { Name?: string }>)
    .map((c) => c.Name)
    .filter((n): n is string => !!n)
    .sort()
}
