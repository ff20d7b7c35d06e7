/**
 * Docker image references as the engine reads them (distribution/reference): `[registry/]path[:tag][@digest]`.
 * Pure: the registry decides which credentials a pull needs, so it must be read exactly as Docker reads it.
 */
export interface ImageRef {
  /** host[:port]; `docker.io` when the reference names none. */
  registry: string
  /** Path inside the registry; Docker Hub's one-part names get `library/`. */
  repository: string
  tag?: string
  digest?: string
}

export const DEFAULT_REGISTRY = 'docker.io'

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^\w[\w.-]{0,127}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/
const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const REGISTRY = new RegExp(`^(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`)

export function parseImageRef(image: string): ImageRef {
  const invalid = (why: string) =>
    new TypeError(`invalid image reference "${image}": ${why} (expected [registry[:port]/]path[:tag][@digest])`)
  let rest = image
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) throw invalid(`bad digest "${digest}"`)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  // A colon after the last slash is a tag; one before it belongs to a registry port.
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) throw invalid(`bad tag "${tag}"`)
  }
  const { registry, path } = splitRegistry(rest)
  if (!REGISTRY.test(registry)) throw invalid(`bad registry "${registry}"`)
  const parts = path.split('/')
  if (parts.some((p) => !PATH_COMPONENT.test(p))) {
    throw invalid('path components are lowercase letters, digits and single separators (. _ __ -)')
  }
  const ref: ImageRef = { registry, repository: path }
  if (tag !== undefined) ref.tag = tag
  if (digest !== undefined) ref.digest = digest
  return ref
}

/**
 * Docker's rule (splitDockerDomain): the first component is a registry only if it has a `.` or `:`, is
 * `localhost`, or has an uppercase letter (paths cannot); otherwise the image lives on Docker Hub.
 */
function splitRegistry(name: string): { registry: string; path: string } {
  const slash = name.indexOf('/')
  const first = slash === -1 ? '' : name.slice(0, slash)
  const isRegistry = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())
  if (!isRegistry) {
    return { registry: DEFAULT_REGISTRY, path: slash === -1 ? `library/${name}` : name }
  }
  const registry = first === 'index.docker.io' ? DEFAULT_REGISTRY : first
  let path = name.slice(slash + 1)
  if (registry === DEFAULT_REGISTRY && !path.includes('/')) path = `library/${path}`
  return { registry, path }
}
