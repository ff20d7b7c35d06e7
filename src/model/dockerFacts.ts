/** What the Docker engine reports about itself and its networks, in our words (docker/ maps the Engine API's). */

export interface EngineFacts {
  /** The engine's release, e.g. `20.10.24`. */
  version: string
  /** The newest Engine API version it speaks, which unversioned requests get (docker/client.ts pins none). */
  apiVersion: string
  minApiVersion?: string
  os?: string
  arch?: string
  /** The engine's clock (`/info` SystemTime), when it reported one. */
  systemTime?: Date
}

export interface NetworkSummary {
  id: string
  name: string
  driver?: string
  /** IPAM pools as the engine lists them (IPv4 and IPv6). */
  subnets: Array<{ subnet?: string; gateway?: string }>
}
