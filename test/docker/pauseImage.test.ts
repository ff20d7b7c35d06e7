import { randomBytes } from 'node:crypto'
import t from 'tap'
import { createDockerClient } from '../../src/docker/client.js'
import { ensurePauseImage, pauseArchOf, pauseElf, pauseImageTag } from '../../src/docker/pauseImage.js'

t.test(pauseElf.name, async (t) => {
  t.test('amd64: 129 bytes, a valid static ELF64 for x86-64 with one PT_LOAD', async (t) => {
    const elf = pauseElf('amd64')
    t.equal(elf.length, 129)
    t.same([...elf.subarray(0, 7)], [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 'magic, ELFCLASS64, LSB, version 1')
    t.equal(elf.readUInt16LE(16), 2, 'ET_EXEC')
    t.equal(elf.readUInt16LE(18), 0x3e, 'EM_X86_64')
    t.equal(elf.readBigUInt64LE(24), 0x400078n, 'entry right after the headers')
    t.equal(elf.readBigUInt64LE(32), 64n, 'program headers follow the ELF header')
    t.equal(elf.readUInt16LE(54), 56, 'e_phentsize')
    t.equal(elf.readUInt16LE(56), 1, 'one program header')
    t.equal(elf.readUInt32LE(64), 1, 'PT_LOAD')
    t.equal(elf.readBigUInt64LE(64 + 32), 129n, 'p_filesz covers the file')
    t.same([...elf.subarray(120)], [0xb8, 0x22, 0, 0, 0, 0x0f, 0x05, 0xeb, 0xf7], 'mov eax,34; syscall; jmp back')
  })

  t.test('arm64: same layout for AArch64, code 4-byte aligned', async (t) => {
    const elf = pauseElf('arm64')
    t.equal(elf.length, 120 + 7 * 4)
    t.equal(elf.readUInt16LE(18), 0xb7, 'EM_AARCH64')
    t.equal(elf.readBigUInt64LE(24) % 4n, 0n)
    t.equal(elf.readUInt32LE(elf.length - 8), 0xd4000001, 'svc #0')
  })
})

t.test(pauseArchOf.name, async (t) => {
  t.equal(pauseArchOf('amd64'), 'amd64')
  t.equal(pauseArchOf('x86_64'), 'amd64')
  t.equal(pauseArchOf('aarch64'), 'arm64')
  t.throws(() => pauseArchOf('s390x'), /supported: amd64, arm64/)
})

t.test(pauseImageTag.name, async (t) => {
  t.match(pauseImageTag('amd64'), /^ecs-local\/pause:amd64-[0-9a-f]{12}$/)
  t.not(pauseImageTag('amd64'), pauseImageTag('arm64'))
})

// Integration: the real engine. No engine means these fail (ensurePauseImage throws); they never skip.
t.test(`${ensurePauseImage.name} builds an image whose container runs until killed`, async (t) => {
  const docker = createDockerClient()
  // Exercise the build path, not just reuse: drop the tag unless a container still uses it (409, kept).
  await docker
    .getImage(pauseImageTag(pauseArchOf((await docker.version()).Arch)))
    .remove()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404 && err.statusCode !== 409) throw err
    })
  const started = Date.now()
  const tag = await ensurePauseImage(docker)
  t.comment(`ensurePauseImage took ${Date.now() - started} ms`)
  const image = await docker.getImage(tag).inspect()
  t.equal(image.Config.Labels?.['ecs-local'], 'true')
  t.same(image.Config.Entrypoint, ['/pause'])

  const name = `ecs-local-test-pause-${randomBytes(4).toString('hex')}`
  const container = await docker.createContainer({ name, Image: tag, HostConfig: { NetworkMode: 'none' } })
  t.teardown(() => container.remove({ force: true }).catch(() => undefined))
  await container.start()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  t.equal((await container.inspect()).State.Running, true, 'still running after 1 s')
  // PID 1 without a handler ignores SIGTERM: kill is how a pause container is stopped.
  await container.kill()
  const state = (await container.inspect()).State
  t.equal(state.Running, false)
  t.equal(state.ExitCode, 137, 'ended by SIGKILL')
})

t.test(`${ensurePauseImage.name} reuses the tag and is safe to call concurrently`, async (t) => {
  const docker = createDockerClient()
  const tag = await ensurePauseImage(docker)
  const before = await docker.getImage(tag).inspect()
  const started = Date.now()
  const again = await Promise.all([ensurePauseImage(docker), ensurePauseImage(docker)])
  t.comment(`two concurrent reuses took ${Date.now() - started} ms`)
  t.same(again, [tag, tag])
  t.equal((await docker.getImage(tag).inspect()).Id, before.Id, 'no rebuild')
})
