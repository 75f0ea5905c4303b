/** How many sockets one browser session and one person may hold open in this process. */
export interface ConnectionLimits {
  perSession: number;
  perPerson: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { perSession: 12, perPerson: 36 };

/**
 * Counts open sockets per session and per person. `reserve` checks and
 * counts in one synchronous step (so concurrent handshakes cannot all pass)
 * and returns the release, or the refusal to send to the client.
 */
export function connectionCounter(limits: ConnectionLimits) {
  const bySession = new Map<string, number>();
  const byPerson = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next > 0) map.set(key, next);
    else map.delete(key);
  };
  return {
    reserve(who: { userId: string; sessionKey: string }): { release: () => void } | { refused: string } {
      if ((bySession.get(who.sessionKey) ?? 0) >= limits.perSession) {
        return {
          refused: `Too many open connections for this browser session (at most ${limits.perSession}); close some ClusterCord tabs.`,
        };
      }
      if ((byPerson.get(who.userId) ?? 0) >= limits.perPerson) {
        return {
          refused: `Too many open connections for your account (at most ${limits.perPerson}); close some ClusterCord tabs or sign out elsewhere.`,
        };
      }
      bump(bySession, who.sessionKey, 1);
      bump(byPerson, who.userId, 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          bump(bySession, who.sessionKey, -1);
          bump(byPerson, who.userId, -1);
        },
      };
    },
  };
}
