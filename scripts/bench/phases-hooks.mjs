// Module hooks for scripts/bench/phases.mjs: after these dist/ modules load, their functions are
// wrapped (a function declaration is a mutable binding, and importers see the new value) so that
// each call reports its start and end. `label` may name the call from its arguments.
const TARGETS = {
  'cli/main.js': [['main', "'main'"]],
  'pipeline/analyseRun.js': [['analyseRun', "'analyse'"]],
  'io/readRunDir.js': [['readRunDir', "'read'"], ['readTable', "'read ' + (a[1] && a[1].file)"]],
  'engine/computeDistribution.js': [['computeDistribution', "'compute'"]],
  'pipeline/renderRunFiles.js': [['renderRunFiles', "'render'"]],
  'output/writeOutputDir.js': [['writeOutputDir', "'write'"]],
};

function wrap(name, label) {
  return `
;{ const __o = ${name};
  ${name} = function (...a) {
    const __t = performance.now();
    const __done = () => globalThis.__coopBenchPhase?.(${label}, __t, performance.now());
    let __r;
    try { __r = __o.apply(this, a); } catch (e) { __done(); throw e; }
    if (__r && typeof __r.then === 'function') return __r.finally(__done);
    __done();
    return __r;
  }; }
`;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  const m = /\/dist\/(.+)$/.exec(url);
  const targets = m && TARGETS[m[1]];
  if (!targets || result.format !== 'module') return result;
  let source = String(result.source);
  for (const [name, label] of targets) {
    if (new RegExp(`(^|\\n)(export )?(async )?function\\*? ?${name}\\(`).test(source)) source += wrap(name, label);
  }
  return { ...result, source, shortCircuit: true };
}
