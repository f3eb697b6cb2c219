/**
 * Preloaded into every process the benchmark measures (`node --require probe.js …`): at exit it
 * writes, to the file named by CROSSFED_BENCH_PROBE, the process's peak RSS and what it had
 * loaded when it wrote its first output file (time since start, modules, packages).
 */
import * as path from 'path';

// The module object itself (not an import namespace), so its functions can be wrapped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('fs') as typeof import('fs');

const out = process.env.CROSSFED_BENCH_PROBE;
/** The output directory: synth writes it through a temporary sibling `.<name>.tmp-…`. */
const target = process.env.CROSSFED_BENCH_OUTPUT ? path.resolve(process.env.CROSSFED_BENCH_OUTPUT) : undefined;
const isOutput = (file: string): boolean => {
  if (!target) return file !== out;
  const f = path.resolve(file);
  return f.startsWith(`${target}/`) || f.startsWith(`${path.dirname(target)}/.${path.basename(target)}.tmp-`);
};
const started = performance.timeOrigin;

interface FirstWrite {
  readonly ms: number;
  readonly modules: number;
  readonly packages: string[];
}
let first: FirstWrite | undefined;

/** The npm packages (with their number of loaded files) of the modules loaded so far. */
function loaded(): { modules: number; packages: string[] } {
  const files = Object.keys(require.cache);
  const counts = new Map<string, number>();
  for (const f of files) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    const name = m ? m[1] : '(crossfed)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { modules: files.length, packages: [...counts].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n}:${c}`) };
}

function mark(): void {
  if (first) return;
  first = { ms: Date.now() - started, ...loaded() };
}

/** Writes into the output directory only (frameworks write scratch files elsewhere first). */
const wrap = <T extends (...args: any[]) => any>(fn: T): T => function (this: unknown, ...args: any[]) {
  if (typeof args[0] === 'string' && isOutput(args[0])) mark();
  return fn.apply(this, args);
} as T;
fs.writeFileSync = wrap(fs.writeFileSync);
fs.promises.writeFile = wrap(fs.promises.writeFile);

if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(out, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, firstWrite: first ?? null, wallMs: Date.now() - started }));
  });
}
