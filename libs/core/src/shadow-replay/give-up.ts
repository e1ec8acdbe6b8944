/**
 * The static replay never guesses: whatever it does not fully understand stops it with this error,
 * and the shadow falls back to replaying the history in a database. Not a MigError: it never
 * reaches the user, only the debug event that says why the database replay ran.
 */
export class StaticReplayGaveUp extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StaticReplayGaveUp';
  }
}

export function giveUp(reason: string): never {
  throw new StaticReplayGaveUp(reason);
}
