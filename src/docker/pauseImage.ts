import { createHash } from 'node:crypto'
import { buildFromContext, packContext, singleFlight } from './buildContext.js'
import type { DockerClient } from './client.js'
import { inspectImage } from './images.js'
import { MANAGED_LABEL } from '../model/labels.js'

export type PauseArch = 'amd64' | 'arm64'

export const PAUSE_REPOSITORY = 'ecs-local/pause'

const BASE = 0x400000n
const EHDR = 64
const PHDR = 56

/**
 * Machine code of the sleep loop, placed right after the headers (file offset 120, which is 4-byte aligned).
 * The pause container only has to keep its network namespace alive, so it just blocks forever.
 */
const CODE: Record<PauseArch, Buffer> = {
  // mov eax, 34 (pause); syscall; jmp back to mov (rel8 -9): a signal wakes pause(), so loop.
  amd64: Buffer.from([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7]),
  // arm64 has no pause(2): ppoll(NULL, 0, NULL, NULL) (nr 73) blocks until a signal; then branch back.
  // NOT exercised on the x86-64 machines this project is tested on; it follows the A64 encodings by hand.
  arm64: words([
    0xd2800000, // mov x0, #0
    0xd2800001, // mov x1, #0
    0xd2800002, // mov x2, #0
    0xd2800003, // mov x3, #0
    0xd2800928, // mov x8, #73 (ppoll)
    0xd4000001, // svc #0
    0x17fffffa, // b -24 (back to mov x0)
  ]),
}

const MACHINE: Record<PauseArch, number> = { amd64: 0x3e, arm64: 0xb7 }

function words(ws: number[]): Buffer {
  const b = Buffer.alloc(ws.length * 4)
  ws.forEach((w, i) => b.writeUInt32LE(w, i * 4))
  return b
}

/** A minimal static ELF64 executable: ELF header, one PT_LOAD program header covering the file, the code. */
export function pauseElf(arch: PauseArch): Buffer {
  const code = CODE[arch]
  const size = EHDR + PHDR + code.length
  const b = Buffer.alloc(size)
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0) // magic, ELFCLASS64, little-endian, version 1, SysV ABI
  b.writeUInt16LE(2, 16) // e_type: ET_EXEC
  b.writeUInt16LE(MACHINE[arch], 18)
  b.writeUInt32LE(1, 20) // e_version
  b.writeBigUInt64LE(BASE + BigInt(EHDR + PHDR), 24) // e_entry: the code after the headers
  b.writeBigUInt64LE(BigInt(EHDR), 32) // e_phoff
  b.writeBigUInt64LE(0n, 40) // e_shoff: no section headers
  b.writeUInt32LE(0, 48) // e_flags
  b.writeUInt16LE(EHDR, 52) // e_ehsize
  b.writeUInt16LE(PHDR, 54) // e_phentsize
  b.writeUInt16LE(1, 56) // e_phnum
  // e_shentsize, e_shnum, e_shstrndx stay 0.
  const ph = EHDR
  b.writeUInt32LE(1, ph) // p_type: PT_LOAD
  b.writeUInt32LE(5, ph + 4) // p_flags: R + X
  b.writeBigUInt64LE(0n, ph + 8) // p_offset: map the whole file...
  b.writeBigUInt64LE(BASE, ph + 16) // p_vaddr: ...at BASE
  b.writeBigUInt64LE(BASE, ph + 24) // p_paddr
  b.writeBigUInt64LE(BigInt(size), ph + 32) // p_filesz
  b.writeBigUInt64LE(BigInt(size), ph + 40) // p_memsz
  b.writeBigUInt64LE(0x1000n, ph + 48) // p_align
  code.copy(b, EHDR + PHDR)
  return b
}

const DOCKERFILE = [
  'FROM scratch',
  'COPY pause /pause',
  'ENTRYPOINT ["/pause"]',
  `LABEL ${MANAGED_LABEL}=true`,
  '',
].join('\n')

/** Maps the engine's reported architecture (Go names, or uname names on some engines) to a pause variant. */
export function pauseArchOf(engineArch: string): PauseArch {
  if (engineArch === 'amd64' || engineArch === 'x86_64') return 'amd64'
  if (engineArch === 'arm64' || engineArch === 'aarch64') return 'arm64'
  throw new Error(`no pause image for engine architecture ${engineArch}; supported: amd64, arm64`)
}

/** The tag for an arch: its content hash, so a changed binary or Dockerfile is a new tag, never a stale reuse. */
export function pauseImageTag(arch: PauseArch): string {
  const hash = createHash('sha256').update(pauseElf(arch)).update(DOCKERFILE).digest('hex').slice(0, 12)
  return `${PAUSE_REPOSITORY}:${arch}-${hash}`
}

/**
 * Builds the pause image on the engine unless its tag already exists; returns the tag. Never pulls.
 * Two processes racing both build the same content and tag it; the later tag wins and the earlier image is left
 * dangling but labelled `ecs-local=true`, so either result is correct.
 */
export async function ensurePauseImage(docker: DockerClient): Promise<string> {
  const version = await docker.version()
  const arch = pauseArchOf(version.Arch)
  const tag = pauseImageTag(arch)
  return singleFlight(tag, async () => {
    if (await inspectImage(docker, tag)) return tag
    const context = packContext([
      { name: 'Dockerfile', content: DOCKERFILE },
      { name: 'pause', content: pauseElf(arch), mode: 0o755 },
    ])
    await buildFromContext(docker, context, { tag, labels: { [MANAGED_LABEL]: 'true' } })
    return tag
  })
}
