/**
 * Calls `onObject` with each JSON object of a newline-delimited stream (Docker's stats and events streams). A
 * torn or foreign line is skipped: both streams send the next object within a second, and state that matters is
 * read back with inspect.
 */
export function onJsonLines(stream: NodeJS.ReadableStream, onObject: (value: unknown) => void): void {
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.trim()) continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        continue
      }
      onObject(value)
    }
  })
  stream.on('error', () => {})
}
