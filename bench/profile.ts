/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per area (our code, each
 * package, Node internals, GC, idle). Also runnable alone: node --import tsx bench/profile.ts FILE [TOP] [SKIP_MS].
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/** Which part of the stack a frame belongs to: a package, our source, Node itself, or V8's bookkeeping. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'native';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const src = /\/(src|bench)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]!.split('/')[0]}`;
  return 'other';
}

/** skipMs: leave out samples taken in the first milliseconds of the profile (start-up, warm-up). */
export function summariseProfile(file: string, options: { top?: number; skipMs?: number } = {}) {
  const top = options.top ?? 25;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsedUs += delta;
    if (elapsedUs < (options.skipMs ?? 0) * 1000) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((s, [, us]) => s + us, 0);
  const busy = total - idle;
  const frames = new Map<string, Frame>();
  const areas = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const where = url
      ? `${path.relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`
      : '';
    const key = `${name} ${where}`;
    const frame = frames.get(key) ?? { name, where, selfMs: 0, share: 0 };
    frame.selfMs += us / 1000;
    frames.set(key, frame);
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const shareOfBusy = (us: number) => (busy > 0 ? us / busy : 0);
  const topFrames = [...frames.values()]
    .filter((f) => f.name !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map((f) => ({ ...f, share: shareOfBusy(f.selfMs * 1000) }));
  const byArea = [...areas.entries()]
    .filter(([area]) => area !== 'idle')
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => ({ area, selfMs: us / 1000, share: shareOfBusy(us) }));
  return { totalMs: total / 1000, busyMs: busy / 1000, idleMs: idle / 1000, topFrames, byArea };
}

export function formatProfile(summary: ReturnType<typeof summariseProfile>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const lines = [
    `profile: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.busyMs.toFixed(0)} ms busy (shares below are of busy time)`,
    'self time by area:',
    ...summary.byArea
      .slice(0, 15)
      .map((a) => `  ${pct(a.share)}  ${a.selfMs.toFixed(0).padStart(7)} ms  ${a.area}`),
    'top frames by self time:',
    ...summary.topFrames.map(
      (f) => `  ${pct(f.share)}  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node --import tsx bench/profile.ts FILE.cpuprofile [TOP] [SKIP_MS]\n');
    process.exit(2);
  }
  const [top, skipMs] = [Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 0)];
  process.stdout.write(`${formatProfile(summariseProfile(file, { top, skipMs }))}\n`);
}
