#!/usr/bin/env node
// Loads moeplan's HTML reports in headless Chromium (Debian's `chromium`,
// driven over the DevTools protocol on a pipe: no npm package, no network)
// and checks what a reader sees: no console errors or exceptions, the
// expected SVG elements, values read from the DOM equal to the JSON report,
// the render time and the file size; screenshots go to OUT_DIR for review.
//
// usage: report_browser_test.js MOEPLAN SOURCE_DIR OUT_DIR
// Exit 0 pass, 1 fail, 77 skipped (no chromium and MOEPLAN_REQUIRE_BROWSER unset).
'use strict';
const {spawn, execFileSync, spawnSync} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [moeplan, srcDir, outDir] = process.argv.slice(2);
if (!moeplan || !srcDir || !outDir) {
  console.error('usage: report_browser_test.js MOEPLAN SOURCE_DIR OUT_DIR');
  process.exit(2);
}
const kMaxReportBytes = 1e6;   // a 140-strategy DeepSeek-V3 plan's report
const kMaxRenderMs = 1000;     // navigation start to load and first contentful paint
const kWidth = 1240;

function findChromium() {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('which', [name]);
    if (r.status === 0) return r.stdout.toString().trim();
  }
  return null;
}

class Browser {
  constructor(exe) {
    this.userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'moeplan-chromium-'));
    this.proc = spawn(exe, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                            '--disable-background-networking', '--disable-component-update', '--disable-sync',
                            '--hide-scrollbars', '--remote-debugging-pipe', `--user-data-dir=${this.userDir}`],
                      {stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']});
    this.next = 0;
    this.pending = new Map();
    this.listeners = new Set();
    let buf = Buffer.alloc(0);
    this.proc.stdio[4].on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let end;
      while ((end = buf.indexOf(0)) >= 0) {
        const msg = JSON.parse(buf.subarray(0, end).toString());
        buf = buf.subarray(end + 1);
        if (msg.id !== undefined && this.pending.has(msg.id)) {
          const {resolve, reject, method} = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${method}: ${JSON.stringify(msg.error)}`));
          else resolve(msg.result);
        } else {
          for (const l of this.listeners) l(msg);
        }
      }
    });
  }
  send(method, params = {}, sessionId = undefined) {
    const id = ++this.next;
    const msg = {id, method, params};
    if (sessionId) msg.sessionId = sessionId;
    this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
    return new Promise((resolve, reject) => this.pending.set(id, {resolve, reject, method}));
  }
  event(name, sessionId, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.listeners.delete(l); reject(new Error(`timed out waiting for ${name}`)); }, timeoutMs);
      const l = (m) => {
        if (m.method === name && m.sessionId === sessionId) { clearTimeout(timer); this.listeners.delete(l); resolve(m.params); }
      };
      this.listeners.add(l);
    });
  }
  async close() {
    try { await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 2000))]); } catch (e) { /* gone */ }
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    try { fs.rmSync(this.userDir, {recursive: true, force: true}); } catch (e) { /* left for the OS to clean */ }
  }
}

// One page: load `file`, collect console errors, run `checks` in the page.
async function openReport(browser, file, {dark = false, print = false} = {}) {
  const {targetId} = await browser.send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} = await browser.send('Target.attachToTarget', {targetId, flatten: true});
  const errors = [];
  const listener = (m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Runtime.exceptionThrown') errors.push('exception: ' + m.params.exceptionDetails.text +
                                                            ' ' + JSON.stringify(m.params.exceptionDetails.exception || ''));
    if (m.method === 'Runtime.consoleAPICalled' && (m.params.type === 'error' || m.params.type === 'warning'))
      errors.push(`console.${m.params.type}: ` + m.params.args.map((a) => a.value).join(' '));
    if (m.method === 'Log.entryAdded' && (m.params.entry.level === 'error' || m.params.entry.level === 'warning'))
      errors.push(`log ${m.params.entry.level}: ${m.params.entry.text} ${m.params.entry.url || ''}`);
  };
  browser.listeners.add(listener);
  const send = (method, params) => browser.send(method, params, sessionId);
  await send('Runtime.enable');
  await send('Log.enable');
  await send('Page.enable');
  await send('Emulation.setDeviceMetricsOverride', {width: kWidth, height: 900, deviceScaleFactor: 1, mobile: false});
  await send('Emulation.setEmulatedMedia', {media: print ? 'print' : '',
                                            features: [{name: 'prefers-color-scheme', value: dark ? 'dark' : 'light'}]});
  const loaded = browser.event('Page.loadEventFired', sessionId);
  await send('Page.navigate', {url: 'file://' + path.resolve(file)});
  await loaded;
  const evaluate = async (expr) => {
    const r = await send('Runtime.evaluate', {expression: expr, returnByValue: true, awaitPromise: true});
    if (r.exceptionDetails) throw new Error(`${expr}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  // Navigation start to the later of the load event and the first contentful paint.
  const renderMs = await evaluate(`new Promise(r => new PerformanceObserver((list, observer) => {
    const paint = list.getEntries().find(p => p.name === 'first-contentful-paint');
    if (!paint) return;
    observer.disconnect();
    r(Math.max(performance.getEntriesByType('navigation')[0].loadEventEnd, paint.startTime));
  }).observe({type: 'paint', buffered: true}))`);
  const screenshot = async (png, clipHeight = 0, scale = 1) => {
    const height = clipHeight || await evaluate('document.documentElement.scrollHeight');
    const shot = await send('Page.captureScreenshot', {format: 'png', captureBeyondViewport: true,
                                                       clip: {x: 0, y: 0, width: kWidth, height, scale}});
    fs.writeFileSync(png, Buffer.from(shot.data, 'base64'));
  };
  const pdf = async () => Buffer.from((await send('Page.printToPDF', {})).data, 'base64');
  const close = async () => { browser.listeners.delete(listener); await browser.send('Target.closeTarget', {targetId}); };
  return {evaluate, screenshot, pdf, close, errors, renderMs};
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}
function near(a, b) { return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)); }
// fmt_int: "2,716"
function fmtInt(v) { return Math.round(v).toLocaleString('en-US'); }

function run(args, {allowFail = false} = {}) {
  const r = spawnSync(moeplan, args, {cwd: srcDir, maxBuffer: 1 << 30});
  if (r.status !== 0 && !(allowFail && r.status === 1)) throw new Error(`moeplan ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout.toString();
}

async function main() {
  const exe = findChromium();
  if (!exe) {
    console.error('chromium not found: install Debian\'s chromium package (make deps)');
    process.exit(process.env.MOEPLAN_REQUIRE_BROWSER ? 1 : 77);
  }
  fs.mkdirSync(outDir, {recursive: true});
  const out = (name) => path.join(path.resolve(outDir), name);
  const seed = 'examples/seed/scenario.yaml', ds = 'examples/deepseek-v3/scenario.yaml';
  run(['plan', seed, '--format', 'html', '-o', out('seed_plan.html')]);
  run(['plan', ds, '--format', 'html', '-o', out('deepseek_plan.html')]);
  run(['evaluate', seed, '--format', 'html', '-o', out('seed_evaluate.html')], {allowFail: true});  // 1: an objective is missed
  run(['place', ds, '--redundant', '64', '--format', 'html', '-o', out('deepseek_place.html')]);
  run(['check', 'tests/data/check/seed_original.md', '--format', 'html', '-o', out('seed_check.html')], {allowFail: true});
  const seedJson = JSON.parse(run(['plan', seed, '--format', 'json']));
  const dsJson = JSON.parse(run(['plan', ds, '--format', 'json']));
  const evalJson = JSON.parse(run(['evaluate', seed, '--json'], {allowFail: true}));
  const placeJson = JSON.parse(run(['place', ds, '--redundant', '64', '--json']));
  const checkJson = JSON.parse(run(['check', 'tests/data/check/seed_original.md', '--format', 'json'], {allowFail: true}));
  // Disaggregated serving: SGLang's 96 x H100 prefill/decode pools, and plan's auto comparison.
  const dis = 'examples/disagg/sglang-96xh100.yaml', auto = 'examples/disagg/auto-96xh100.yaml';
  run(['evaluate', dis, '--format', 'html', '-o', out('disagg_evaluate.html')]);
  run(['plan', auto, '--format', 'html', '-o', out('auto_plan.html')]);
  const disJson = JSON.parse(run(['evaluate', dis, '--json'])).deployment;
  const autoJson = JSON.parse(run(['plan', auto, '--format', 'json']));

  const browser = new Browser(exe);
  try {
    // plan, seed and DeepSeek-V3
    // DeepSeek-V3 first: its render time is measured in a freshly started browser.
    for (const [name, json, file] of [['deepseek-v3', dsJson, 'deepseek_plan.html'], ['seed', seedJson, 'seed_plan.html']]) {
      const bytes = fs.statSync(out(file)).size;
      const page = await openReport(browser, out(file));
      check(page.errors.length === 0, `plan ${name}: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        svgs: document.querySelectorAll('svg').length,
        points: document.querySelectorAll('svg.pareto circle.pt').length,
        frontiers: document.querySelectorAll('svg.pareto path.frontier').length,
        recMarks: document.querySelectorAll('svg.pareto path.mark-rec').length,
        limits: document.querySelectorAll('svg.pareto line.limit').length,
        evaluated: document.getElementById('evaluated-count').textContent,
        recTput: parseFloat(document.getElementById('rec-tput').dataset.v),
        recTputText: document.getElementById('rec-tput').textContent,
        recTtft: parseFloat(document.getElementById('rec-ttft').dataset.v),
        rows: document.querySelectorAll('#candidates tbody tr').length,
        rejected: Array.from(document.querySelectorAll('rect[data-reason]')).map(r => r.dataset.reason),
        memoryBars: document.querySelectorAll('rect.seg').length,
      }))()`);
      check(v.points === 2 * json.evaluated_count, `plan ${name}: ${v.points} points = 2 charts x ${json.evaluated_count} evaluations`);
      check(v.evaluated === String(json.evaluated_count), `plan ${name}: evaluated count in the DOM ${v.evaluated} = JSON`);
      check(v.frontiers === 2 && v.recMarks === 2, `plan ${name}: a frontier and the recommended mark in each chart`);
      check(v.limits >= 1, `plan ${name}: SLO limit lines drawn (${v.limits})`);
      check(near(v.recTput, json.recommended.performance.output_tokens_per_s_per_gpu),
            `plan ${name}: recommended tokens/s per GPU in the DOM ${v.recTput} = JSON ${json.recommended.performance.output_tokens_per_s_per_gpu}`);
      check(v.recTputText === fmtInt(json.recommended.performance.output_tokens_per_s_per_gpu),
            `plan ${name}: shown as ${v.recTputText}`);
      check(near(v.recTtft, json.recommended.performance.ttft_s), `plan ${name}: recommended TTFT in the DOM = JSON`);
      check(v.rows === json.candidates.length, `plan ${name}: ${v.rows} candidate rows = JSON`);
      check(JSON.stringify(v.rejected) === JSON.stringify(Object.keys(json.rejected)), `plan ${name}: rejected reasons = JSON`);
      check(v.memoryBars > 0, `plan ${name}: memory and step bars drawn (${v.memoryBars})`);
      await page.screenshot(out(`${name}_plan.png`));
      // For the README (docs/img/plan_report.png): the header and the two charts.
      if (name === 'seed') await page.screenshot(out('readme_plan_report.png'), 850, 0.7);
      // Sorting: click the tokens/s header twice (descending), the first row is the best throughput.
      const sorted = await page.evaluate(`(() => { const th = document.querySelectorAll('#candidates th')[5]; th.click(); th.click();
        return Array.from(document.querySelectorAll('#candidates tbody tr')).map(r => parseFloat(r.cells[5].dataset.v)); })()`);
      check(sorted.every((x, i) => i === 0 || sorted[i - 1] >= x), `plan ${name}: the table sorts by a clicked header`);
      const details = await page.evaluate(`(() => { document.querySelector('circle.pt').dispatchEvent(new MouseEvent('click', {bubbles: true}));
        return [document.getElementById('details').textContent, document.querySelectorAll('circle.pt.sel').length]; })()`);
      check(/in flight .* tokens\/s per GPU .*TTFT .*TPOT/.test(details[0]) && details[1] === 2,
            `plan ${name}: clicking a point shows its details and selects it in both charts: "${details[0].slice(0, 90)}..."`);
      const hover = await page.evaluate(`(() => { const twin = document.querySelectorAll('svg.pareto')[1].querySelector('circle.pt[data-i="3"]');
        twin.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        return [twin.querySelector('title').textContent, document.querySelector('svg.pareto circle.pt[data-i="3"] title').textContent]; })()`);
      check(hover[0] !== '' && hover[0] === hover[1], `plan ${name}: hovering a TTFT-chart point shows its text: "${hover[0].slice(0, 60)}..."`);
      console.log(`     ${name}: ${bytes} bytes, rendered in ${page.renderMs.toFixed(0)} ms`);
      if (name === 'deepseek-v3') {
        check(json.strategies_considered >= 140, `plan deepseek-v3: ${json.strategies_considered} strategies considered`);
        check(bytes < kMaxReportBytes, `plan deepseek-v3: report ${bytes} bytes < ${kMaxReportBytes}`);
        // The best of three loads, so that a busy machine (ctest -j) does not decide it.
        const times = [page.renderMs];
        for (let i = 0; i < 2; i++) {
          const again = await openReport(browser, out(file));
          times.push(again.renderMs);
          await again.close();
        }
        const best = Math.min(...times);
        check(best < kMaxRenderMs, `plan deepseek-v3: rendered in ${best.toFixed(0)} ms < ${kMaxRenderMs} ms ` +
                                   `(loads: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
        const pdf = await page.pdf();
        check(pdf.length > 10000 && pdf.subarray(0, 4).toString() === '%PDF', `plan deepseek-v3: prints to PDF (${pdf.length} bytes)`);
      }
      await page.close();
    }
    {
      const page = await openReport(browser, out('seed_plan.html'), {dark: true});
      const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      check(bg === 'rgb(13, 17, 23)', `plan seed, dark mode: dark background (${bg})`);
      await page.screenshot(out('seed_plan_dark.png'), 1400);
      await page.close();
    }
    {
      const page = await openReport(browser, out('seed_plan.html'), {print: true});
      const hidden = await page.evaluate(`getComputedStyle(document.getElementById('details')).display`);
      check(hidden === 'none', 'plan seed, print media: the click-details box is not printed');
      await page.screenshot(out('seed_plan_print.png'), 1400);
      await page.close();
    }
    // evaluate
    {
      const page = await openReport(browser, out('seed_evaluate.html'));
      check(page.errors.length === 0, `evaluate: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        tput: parseFloat(document.getElementById('plan-tput').dataset.v),
        totals: Array.from(document.querySelectorAll('text[data-total-bytes]')).map(t => parseFloat(t.dataset.totalBytes)),
        gauges: Array.from(document.querySelectorAll('svg.gauge rect[data-metric]')).map(r => [r.dataset.metric, parseFloat(r.dataset.predicted)]),
        limits: document.querySelectorAll('line.limit').length,
        segments: document.querySelectorAll('rect.seg').length,
      }))()`);
      check(near(v.tput, evalJson.performance.output_tokens_per_s_per_gpu), `evaluate: tokens/s per GPU in the DOM ${v.tput} = JSON`);
      const stageTotals = [];
      for (const g of evalJson.memory.per_gpu) stageTotals[g.stage] = g.total_bytes;
      check(v.totals.length === stageTotals.length && v.totals.every((t, i) => near(t, stageTotals[i])),
            `evaluate: memory per stage in the DOM = JSON (${v.totals.length} stages)`);
      check(v.gauges.length === evalJson.slo.checks.length &&
            v.gauges.every(([m, p], i) => m === evalJson.slo.checks[i].metric && near(p, evalJson.slo.checks[i].predicted)),
            `evaluate: ${v.gauges.length} SLO gauges = JSON`);
      check(v.limits >= 2 + v.gauges.length, `evaluate: usable, capacity and target lines (${v.limits})`);
      check(v.segments > 8, `evaluate: memory and decode-step segments (${v.segments})`);
      await page.screenshot(out('seed_evaluate.png'));
      await page.close();
    }
    // place
    {
      const page = await openReport(browser, out('deepseek_place.html'));
      check(page.errors.length === 0, `place: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        after: parseFloat(document.getElementById('after-max-over-mean').dataset.v),
        heatmaps: document.querySelectorAll('svg.heatmap').length,
        rows: document.querySelectorAll('svg.heatmap g[data-layer]').length,
        cells: document.querySelectorAll('svg.heatmap g[data-layer] rect').length,
        perLayer: Array.from(document.querySelectorAll('svg.heatmap')[1].querySelectorAll('rect[data-max-over-mean]')).map(r => parseFloat(r.dataset.maxOverMean)),
      }))()`);
      const layers = placeJson.layers.length, gpus = placeJson.layers[0].gpu_load.length;
      check(near(v.after, placeJson.summary.max_over_mean), `place: max/mean after in the DOM ${v.after} = JSON ${placeJson.summary.max_over_mean}`);
      check(v.heatmaps === 2 && v.rows === 2 * layers, `place: two heatmaps of ${layers} layers`);
      const tip = await page.evaluate(`(() => { const c = document.querySelectorAll('svg.heatmap')[1].querySelectorAll('g[data-layer="2"] rect')[5];
        c.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); return c.querySelector('title').textContent; })()`);
      check(tip.startsWith(`GPU 5: ${fmtInt(placeJson.layers[2].gpu_load[5])} tokens; layer 2:`), `place: hovering a cell names its GPU and tokens: "${tip}"`);
      check(v.cells === 2 * layers * gpus, `place: ${v.cells} cells = 2 x ${layers} layers x ${gpus} GPUs`);
      check(v.perLayer.length === layers && v.perLayer.every((x, i) => near(x, placeJson.layers[i].max_over_mean)),
            'place: max/mean per layer in the DOM = JSON');
      await page.screenshot(out('deepseek_place.png'));
      await page.close();
    }
    // check
    {
      const page = await openReport(browser, out('seed_check.html'));
      check(page.errors.length === 0, `check: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        claims: document.getElementById('claims-count').textContent,
        wrong: document.getElementById('count-wrong').textContent,
        marks: Array.from(document.querySelectorAll('#original mark[data-verdict]')).map(m => m.dataset.verdict),
        titled: document.querySelectorAll('#original mark[title]').length,
        changed: document.querySelectorAll('#fixed .ln.changed').length,
      }))()`);
      check(v.claims === String(checkJson.summary.claims), `check: ${v.claims} claims = JSON`);
      check(v.wrong === String(checkJson.summary.wrong), `check: ${v.wrong} wrong = JSON`);
      check(v.marks.length === checkJson.findings.length, `check: every claim marked in the document (${v.marks.length})`);
      const byVerdict = (list) => list.reduce((m, x) => (m[x] = (m[x] || 0) + 1, m), {});
      const expected = byVerdict(checkJson.findings.map((f) => f.verdict)), shown = byVerdict(v.marks);
      check(Object.keys(expected).length === Object.keys(shown).length && Object.entries(expected).every(([k, n]) => shown[k] === n),
            `check: marks by verdict = JSON ${JSON.stringify(shown)}`);
      check(v.titled === v.marks.length, 'check: every mark has its expected value and derivation on hover');
      check(v.changed > 0, `check: the fixed document beside it, ${v.changed} lines changed`);
      await page.screenshot(out('seed_check.png'));
      await page.close();
    }
    // evaluate, disaggregated: the rate match, the KV transfer and each pool
    {
      const page = await openReport(browser, out('disagg_evaluate.html'));
      check(page.errors.length === 0, `disaggregated evaluate: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        pools: Array.from(document.querySelectorAll('section.pool')).map(p => p.dataset.role),
        ratio: document.getElementById('dis-ratio').textContent,
        tput: parseFloat(document.getElementById('dis-tput').dataset.v),
        kv: parseFloat(document.getElementById('kv-seconds').dataset.v),
        instances: Array.from(document.querySelectorAll('section.pool')).map(p => parseInt(document.getElementById('pool-' + p.dataset.role + '-instances').dataset.v)),
        totals: Array.from(document.querySelectorAll('text[data-total-bytes]')).map(t => [t.dataset.pool, parseFloat(t.dataset.totalBytes)]),
        capacities: Array.from(document.querySelectorAll('svg.rate-match rect[data-capacity]')).map(r => parseFloat(r.dataset.capacity)),
        decodeSteps: document.querySelectorAll('#pool-decode rect.seg').length,
        decodeTimeline: Array.from(document.querySelectorAll('#pool-decode svg .chart-title')).some(t => /^Decode step of stage/.test(t.textContent)),
        memoryBars: Array.from(document.querySelectorAll('section.pool')).map(p => p.querySelectorAll('svg rect.seg').length),
      }))()`);
      check(JSON.stringify(v.pools) === JSON.stringify(disJson.pools.map((p) => p.role)), `disaggregated evaluate: one section per pool (${v.pools})`);
      check(v.ratio === disJson.rate_match.ratio, `disaggregated evaluate: rate match ${v.ratio} = JSON`);
      check(near(v.tput, disJson.rate_match.output_tokens_per_s_per_gpu), `disaggregated evaluate: tokens/s per GPU in the DOM ${v.tput} = JSON`);
      check(near(v.kv, disJson.kv_transfer.seconds), `disaggregated evaluate: KV transfer ${v.kv} s = JSON`);
      check(JSON.stringify(v.instances) === JSON.stringify(disJson.pools.map((p) => p.instances)), `disaggregated evaluate: instances per pool = JSON`);
      const expected = [];
      for (const p of disJson.pools) for (const t of p.memory.per_stage_total_bytes) expected.push([p.role, t]);
      check(v.totals.length === expected.length && v.totals.every(([r, t], i) => r === expected[i][0] && near(t, expected[i][1])),
            `disaggregated evaluate: memory per stage of each pool in the DOM = JSON (${v.totals.length} stages)`);
      check(v.capacities.length === 2 && near(v.capacities[0], disJson.rate_match.prefill_capacity_requests_per_s) &&
            near(v.capacities[1], disJson.rate_match.decode_capacity_requests_per_s), 'disaggregated evaluate: prefill and decode capacity bars = JSON');
      check(v.decodeTimeline && v.decodeSteps > 0, `disaggregated evaluate: the decode pool's decode step by op (${v.decodeSteps} segments)`);
      check(v.memoryBars.every((n) => n > 0), `disaggregated evaluate: memory bars in every pool (${v.memoryBars})`);
      await page.screenshot(out('disagg_evaluate.png'));
      await page.close();
    }
    // plan, serving mode auto: both kinds on the frontier, the comparison
    {
      const page = await openReport(browser, out('auto_plan.html'));
      check(page.errors.length === 0, `auto plan: no console errors ${page.errors.join('; ')}`);
      const v = await page.evaluate(`(() => ({
        marks: Array.from(document.querySelectorAll('svg.pareto rect.mark-dis')).map(r => parseFloat(r.dataset.v)),
        rows: Array.from(document.querySelectorAll('#candidates tbody tr')).map(r => r.id === 'dis-row' ? 'disaggregated' : 'aggregated'),
        pareto: document.getElementById('pareto-count').textContent,
        winner: document.getElementById('winner').textContent,
        pools: document.querySelectorAll('section.pool').length,
        tput: parseFloat(document.getElementById('dis-tput').dataset.v),
      }))()`);
      const dtput = autoJson.deployment.rate_match.output_tokens_per_s_per_gpu;
      check(v.marks.length === 2 && v.marks.every((x) => near(x, dtput)), `auto plan: the disaggregated mark in both Pareto charts at ${dtput} tokens/s per GPU`);
      check(JSON.stringify(v.rows) === JSON.stringify(autoJson.candidates.map((c) => c.kind)), `auto plan: candidate rows by kind = JSON (${v.rows.join(', ')})`);
      check(v.pareto === String(autoJson.pareto.length), `auto plan: ${v.pareto} Pareto points = JSON, kinds ${[...new Set(autoJson.pareto.map((p) => p.kind))]}`);
      check(v.winner === autoJson.comparison.winner, `auto plan: winner ${v.winner} = JSON`);
      check(v.pools === 2 && near(v.tput, dtput), 'auto plan: the disaggregated deployment\'s pools and figures');
      await page.screenshot(out('auto_plan.png'));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(failures ? `${failures} check(s) failed` : 'all browser checks passed');
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
