/**
 * Scripted failures for the simulator: answer an error, never answer, or cut the
 * connection, for the next N requests that match.
 */
export interface FaultMatch {
  method?: string;
  /** e.g. 'systemfile', 'sslcertkey', 'sslvserver_sslcertkey_binding', 'nsconfig', 'login' */
  resource: string;
  /** the `?action=` (or body `params.action`), compared case-insensitively */
  action?: string;
  /** the object's name: from the path, the args, or the body's key attribute */
  name?: string;
}

export interface FaultResponse {
  status: number;
  errorcode: number;
  message: string;
}

export interface FaultInjector {
  fail(match: FaultMatch, response: FaultResponse, times?: number): void;
  hang(match: FaultMatch, times?: number): void;
  drop(match: FaultMatch, times?: number): void;
  /** Answer 200 with a body that never ends, until the client hangs up. */
  flood(match: FaultMatch, times?: number): void;
  expireSessions(): void;
  clear(): void;
}

export type Fault = { kind: 'fail'; response: FaultResponse } | { kind: 'hang' } | { kind: 'drop' } | { kind: 'flood' };

interface Armed {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export interface RequestFacts {
  method: string;
  resource: string;
  action?: string;
  names: string[];
}

export class FaultTable {
  private armed: Armed[] = [];

  add(match: FaultMatch, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${times}`);
    this.armed.push({ match, fault, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault matching the request, consumed once. */
  take(req: RequestFacts): Fault | undefined {
    const hit = this.armed.find((a) => a.remaining > 0 && matches(a.match, req));
    if (!hit) return undefined;
    hit.remaining -= 1;
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return hit.fault;
  }
}

function matches(m: FaultMatch, req: RequestFacts): boolean {
  if (m.resource.toLowerCase() !== req.resource.toLowerCase()) return false;
  if (m.method && m.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (m.action && m.action.toLowerCase() !== (req.action ?? '').toLowerCase()) return false;
  if (m.name !== undefined && !req.names.includes(m.name)) return false;
  return true;
}
