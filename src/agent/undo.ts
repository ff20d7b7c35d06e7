/**
 * What a task's start has created, newest last, each entry with the step that made it and how to take it back.
 * Undoing runs the entries last-first, like defers: later things may depend on earlier ones (the log forwarders
 * flush with the execution role, which is released after them). An undo that fails is reported, not rethrown:
 * the rest must still go.
 */
export interface UndoEntry {
  step: string
  what: string
  undo: () => unknown
}

export class UndoStack {
  readonly #entries: UndoEntry[] = []

  push(step: string, what: string, undo: () => unknown): void {
    this.#entries.push({ step, what, undo })
  }

  /** What is still to undo, oldest first (for logs and tests). */
  pending(): ReadonlyArray<Omit<UndoEntry, 'undo'>> {
    return this.#entries.map(({ step, what }) => ({ step, what }))
  }

  async unwind(onError: (entry: Omit<UndoEntry, 'undo'>, e: unknown) => void): Promise<void> {
    for (let entry = this.#entries.pop(); entry; entry = this.#entries.pop()) {
      try {
        await entry.undo()
      } catch (e) {
        onError({ step: entry.step, what: entry.what }, e)
      }
    }
  }
}
