import "server-only";
import type { LiveFact, NamedFact } from "@/lib/history/live-fact";

type Project = {
  /** null: asked for and no session of that sid exists (yet). */
  bySid: Map<string, NamedFact | null>;
  byName: Map<string, Set<string>>;
  /** Bumped by every change: a load that began before it is not kept. */
  generation: number;
};

/**
 * Live facts kept between Needs attention scans, for a database this process alone writes
 * (the embedded one). Reading 10,000 rooms' facts every scan blocked the embedded database,
 * and with it the only thread, for 150–300 ms every 2 s; now only rooms not seen before, or
 * changed since, are read. Every write to a session forgets its room and every room of the
 * same name (a session that closes is another's "previous"); facts that age (the ten-minute
 * look-back for a closed room of the same name) are aged when read, as the query would.
 */
export class LiveFactsCache {
  private readonly projects = new Map<string, Project>();

  constructor(private readonly lookbackMs: number) {}

  private of(project: string): Project {
    let p = this.projects.get(project);
    if (!p)
      this.projects.set(project, (p = { bySid: new Map(), byName: new Map(), generation: 0 }));
    return p;
  }

  async get(
    project: string,
    sids: string[],
    load: (sids: string[]) => Promise<NamedFact[]>,
    nowMs = Date.now(),
  ): Promise<LiveFact[]> {
    const p = this.of(project);
    const missing = sids.filter((s) => !p.bySid.has(s));
    let loaded = new Map<string, NamedFact>();
    if (missing.length > 0) {
      const generation = p.generation;
      loaded = new Map((await load(missing)).map((f) => [f.sid, f]));
      // Written meanwhile: served as read, not kept (the next scan reads them again).
      if (p.generation === generation) for (const s of missing) this.keep(p, s, loaded.get(s));
    }
    // Rooms that are gone are dropped once they outnumber the live ones.
    if (p.bySid.size > 2 * sids.length + 1_000) this.keepOnly(p, new Set(sids));
    const oldest = nowMs - this.lookbackMs;
    const out: LiveFact[] = [];
    for (const sid of sids) {
      const f = p.bySid.has(sid) ? p.bySid.get(sid) : loaded.get(sid);
      if (!f) continue;
      const { name: _name, ...fact } = f;
      const previous = fact.previousEndedAt;
      out.push(
        previous !== null && Date.parse(previous) <= oldest
          ? { ...fact, previousEndedAt: null }
          : fact,
      );
    }
    return out;
  }

  /** A write touched these sessions (by sid) and these room names: their facts are read again. */
  forget(project: string, sids: string[], names: string[] = []) {
    const p = this.projects.get(project);
    if (!p) return;
    p.generation += 1;
    const drop = new Set(sids);
    for (const n of names) for (const s of p.byName.get(n) ?? []) drop.add(s);
    for (const s of drop) {
      const f = p.bySid.get(s);
      p.bySid.delete(s);
      if (f) this.unindex(p, f);
    }
  }

  /** Everything is read again (a write whose rooms are not known, e.g. retention). */
  clear() {
    for (const p of this.projects.values()) {
      p.generation += 1;
      p.bySid.clear();
      p.byName.clear();
    }
  }

  private keep(p: Project, sid: string, f: NamedFact | undefined) {
    p.bySid.set(sid, f ?? null);
    if (!f) return;
    let sids = p.byName.get(f.name);
    if (!sids) p.byName.set(f.name, (sids = new Set()));
    sids.add(sid);
  }

  private unindex(p: Project, f: NamedFact) {
    const sids = p.byName.get(f.name);
    sids?.delete(f.sid);
    if (sids?.size === 0) p.byName.delete(f.name);
  }

  private keepOnly(p: Project, live: Set<string>) {
    for (const [sid, f] of p.bySid) {
      if (live.has(sid)) continue;
      p.bySid.delete(sid);
      if (f) this.unindex(p, f);
    }
  }
}
