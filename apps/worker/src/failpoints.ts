/**
 * @module failpoints
 * Named places in job handlers where a test can make the process stall, so it
 * can be killed there (as in FoundationDB's and TiKV's failpoints). Disabled
 * unless MYOSCOPE_FAILPOINTS names them; each check is one map lookup.
 */

export type FailpointAction = { kind: "sleep"; ms: number } | { kind: "exit"; code: number };
export type Failpoints = ReadonlyMap<string, FailpointAction>;

/** Parses `name=sleep(ms)` and `name=exit(code)` entries separated by commas. */
export function parseFailpoints(spec: string): Failpoints {
  const map = new Map<string, FailpointAction>();
  for (const entry of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9.-]+)=(sleep|exit)\((\d+)\)$/.exec(entry);
    if (!match)
      throw new RangeError(
        `MYOSCOPE_FAILPOINTS entry must look like name=sleep(ms), got "${entry}"`,
      );
    const [, name = "", kind, value = "0"] = match;
    map.set(
      name,
      kind === "sleep" ? { kind, ms: Number(value) } : { kind: "exit", code: Number(value) },
    );
  }
  return map;
}

export async function hitFailpoint(failpoints: Failpoints, name: string): Promise<void> {
  const action = failpoints.get(name);
  if (!action) return;
  console.warn(`[failpoint] ${name}: ${action.kind}`);
  if (action.kind === "exit") process.exit(action.code);
  await new Promise((done) => setTimeout(done, action.ms));
}
