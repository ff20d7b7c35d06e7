/**
 * Scale-in protection per task, as ECS keeps it: an expiry date, after which the task is unprotected again.
 * Held by the endpoint (only the task's own containers set and read it); an entry goes once it has expired, which
 * also bounds what stopped tasks leave behind (48 hours at most).
 */
export class ProtectionStore {
  readonly #expires = new Map<string, Date>()

  /** The protection's expiry while it lasts, undefined when the task is not protected. */
  get(taskArn: string, now: Date): Date | undefined {
    const at = this.#expires.get(taskArn)
    if (at && at.getTime() > now.getTime()) return at
    this.#expires.delete(taskArn)
    return undefined
  }

  /** `expires` undefined: protection off. Expired entries of other tasks are dropped on the way. */
  set(taskArn: string, expires: Date | undefined, now: Date): void {
    for (const [arn, at] of this.#expires) if (at.getTime() <= now.getTime()) this.#expires.delete(arn)
    if (expires) this.#expires.set(taskArn, expires)
    else this.#expires.delete(taskArn)
  }
}
