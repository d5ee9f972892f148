import {LitElement, html, css} from 'lit';
import {echarts} from './charts.js';
import {base, number} from './ui.js';

/** What the version page asks of a passport. */
export const PASSPORT_FIELDS = `passport { task testRows metrics { name value low high }
  perClass { label precision recall support } residuals { mean std p05 median p95 }
  calibration { expectedCalibrationError temperature scaledCalibrationError scalingHelps
    bins { lower upper rows confidence accuracy } }
  champion { alias championVersion metric rows championValue challengerValue difference differenceLow differenceHigh
    pValue championOnly challengerOnly notComparable }
  explanations { columns output importanceMetric importance { column mean lower upper } meanAbsShap
    shap { row values } meanAbsGradients }
  robustness { attackableColumns halvingEpsilon curves { norm cleanAccuracy points { epsilon fgsmAccuracy pgdAccuracy } }
    extraction { target queriesToTarget checkpoints { queries agreement } } }
  fairness { column named positive groups { name rows selectionRate truePositiveRate accuracy }
    demographicParityDifference demographicParityLow demographicParityHigh
    equalOpportunityDifference disparateImpactRatio disparateImpactLow disparateImpactHigh }
  mitigation { column method minWeight maxWeight accuracyBefore accuracyAfter
    before { demographicParityDifference equalOpportunityDifference disparateImpactRatio }
    after { demographicParityDifference equalOpportunityDifference disparateImpactRatio } }
  inputBaselines { column } gate { passed reasons checks { name passed detail } } warnings
  samples { key value } seconds { name value } }`;

/** The gate's verdict in one line, for beside the approve button. */
export function verdict(passport) {
  if (!passport) {
    return html`<p class="muted gate-verdict">No passport: this version's run predates the validation stage.</p>`;
  }
  const g = passport.gate;
  return html`<p class="gate-verdict ${g.passed ? 'passed' : 'failed'}" role="status">
    Validation gate: <strong>${g.passed ? 'passed' : 'failed'}</strong>
    ${g.checks.length ? `(${g.checks.filter(c => c.passed).length} of ${g.checks.length} checks)` : '(nothing to check)'}
    ${g.reasons.length ? html`<ul class="gate-reasons">${g.reasons.map(r => html`<li>${r}</li>`)}</ul>` : ''}</p>`;
}

/**
 * A version's passport: metric interval bars, the champion comparison, the reliability diagram, permutation
 * importance and SHAP (mean bars and per-row values), robustness curves, group rates and the gate's checks.
 */
class HonePassport extends LitElement {
  static properties = {passport: {attribute: false}};

  static styles = [base, css`
    .charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); }
    .chart { width: 100%; height: 280px; }
    .check.failed { color: #cf222e; }
    td.num { text-align: right; }
  `];

  disconnectedCallback() {
    Object.values(this.charts ?? {}).forEach(c => c.dispose());
    super.disconnectedCallback();
  }

  render() {
    const p = this.passport;
    if (!p) {
      return html`<p class="muted">No passport: this version's run predates the validation stage.</p>`;
    }
    const e = p.explanations;
    return html`<section aria-label="Passport"><h3>Passport</h3>
      <p class="muted">Measured on ${p.testRows} held-out test rows.
        ${p.seconds.map(s => `${s.name} ${number(s.value, 2)} s`).join(', ')}.</p>
      ${p.warnings.length ? html`<ul class="warnings">${p.warnings.map(w => html`<li>${w}</li>`)}</ul>` : ''}
      <table class="gate" aria-label="Gate checks"><thead><tr><th>Check</th><th>Outcome</th></tr></thead>
        <tbody>${p.gate.checks.length ? p.gate.checks.map(c => html`<tr class="check ${c.passed ? 'passed' : 'failed'}">
          <td>${c.name}</td><td>${c.passed ? 'passed' : 'failed'}: ${c.detail}</td></tr>`)
          : html`<tr><td colspan="2" class="muted">No limit set and no production version to compare with</td></tr>`}
        </tbody></table>
      ${this.champion(p.champion)}
      <div class="charts">
        <figure><figcaption>Test metrics with 95% intervals</figcaption>
          <div class="chart metrics-chart" role="img" aria-label="Test metrics with intervals"></div></figure>
        ${p.calibration ? html`<figure><figcaption>Reliability: expected calibration error
          ${number(p.calibration.expectedCalibrationError, 3)}; temperature ${number(p.calibration.temperature, 2)}
          would make it ${number(p.calibration.scaledCalibrationError, 3)}</figcaption>
          <div class="chart reliability-chart" role="img" aria-label="Reliability diagram"></div></figure>` : ''}
        ${e ? html`<figure><figcaption>Permutation importance (drop of ${e.importanceMetric})</figcaption>
          <div class="chart importance-chart" role="img" aria-label="Permutation importance"></div></figure>
          <figure><figcaption>SHAP values of ${e.shap.length} test rows (${e.output})</figcaption>
          <div class="chart shap-chart" role="img" aria-label="SHAP values per column"></div></figure>` : ''}
        ${p.robustness?.curves.length ? html`<figure><figcaption>Accuracy under attack; PGD halves it at
          ${p.robustness.halvingEpsilon == null ? 'no epsilon tried' : `epsilon ${p.robustness.halvingEpsilon}`}
          (L∞, standard deviations)</figcaption>
          <div class="chart robustness-chart" role="img" aria-label="Robustness curves"></div></figure>` : ''}
      </div>
      ${p.robustness?.extraction ? html`<p class="extraction">Extraction: a label-only copy
        ${p.robustness.extraction.queriesToTarget == null
          ? `did not reach ${p.robustness.extraction.target * 100}% agreement within
             ${p.robustness.extraction.checkpoints.at(-1).queries} queries`
          : `agreed ${p.robustness.extraction.target * 100}% with the model after
             ${p.robustness.extraction.queriesToTarget} queries`}.</p>` : ''}
      ${p.perClass.length ? html`<table aria-label="Per-class rates"><thead><tr><th>Class</th><th>Precision</th>
        <th>Recall</th><th>Rows</th></tr></thead><tbody>${p.perClass.map(c => html`<tr><td>${c.label}</td>
        <td class="num">${number(c.precision, 3)}</td><td class="num">${number(c.recall, 3)}</td>
        <td class="num">${c.support}</td></tr>`)}</tbody></table>` : ''}
      ${p.fairness.map(f => this.fairness(f))}
      ${p.mitigation ? this.mitigation(p.mitigation) : ''}
      <p class="muted">Drift baselines stored for ${p.inputBaselines.length} input columns and the outputs.</p>
    </section>`;
  }

  champion(c) {
    if (!c) {
      return '';
    }
    if (c.notComparable) {
      return html`<p class="champion">Not comparable with version ${c.championVersion} ('${c.alias}'): ${c.notComparable}</p>`;
    }
    return html`<p class="champion">Against version ${c.championVersion} ('${c.alias}') on the same ${c.rows} rows:
      ${c.metric} ${number(c.challengerValue)} vs ${number(c.championValue)}, difference ${number(c.difference)}
      (95% interval ${number(c.differenceLow)} to ${number(c.differenceHigh)})${c.pValue != null
        ? `, McNemar p = ${number(c.pValue, 3)}` : ''}.</p>`;
  }

  fairness(f) {
    return html`<table class="fairness" aria-label="Fairness over ${f.column}">
      <caption>Fairness over '${f.column}'${f.named ? '' : ' (suggested by its name)'}; favourable class
        '${f.positive}'. Demographic-parity difference ${number(f.demographicParityDifference, 3)}
        [${number(f.demographicParityLow, 3)}, ${number(f.demographicParityHigh, 3)}], disparate impact
        ${number(f.disparateImpactRatio, 3)} [${number(f.disparateImpactLow, 3)}, ${number(f.disparateImpactHigh, 3)}],
        equal-opportunity difference ${number(f.equalOpportunityDifference, 3)}</caption>
      <thead><tr><th>Group</th><th>Rows</th><th>Selection rate</th><th>True-positive rate</th><th>Accuracy</th></tr></thead>
      <tbody>${f.groups.map(g => html`<tr><td>${g.name}</td><td class="num">${g.rows}</td>
        <td class="num">${number(g.selectionRate, 3)}</td><td class="num">${number(g.truePositiveRate, 3)}</td>
        <td class="num">${number(g.accuracy, 3)}</td></tr>`)}</tbody></table>`;
  }

  /** Reweighing's before and after, on twins of the model trained alike. */
  mitigation(m) {
    const rows = [['test accuracy', m.accuracyBefore, m.accuracyAfter],
      ['demographic-parity difference', m.before.demographicParityDifference, m.after.demographicParityDifference],
      ['equal-opportunity difference', m.before.equalOpportunityDifference, m.after.equalOpportunityDifference],
      ['disparate-impact ratio', m.before.disparateImpactRatio, m.after.disparateImpactRatio]];
    return html`<table class="mitigation" aria-label="Mitigation">
      <caption>${m.method.toLowerCase()} over '${m.column}' (row weights ${number(m.minWeight, 3)} to
        ${number(m.maxWeight, 3)}), measured on two twins of the model trained alike; the served model is neither</caption>
      <thead><tr><th></th><th>As is</th><th>Reweighed</th></tr></thead>
      <tbody>${rows.map(([name, before, after]) => html`<tr><td>${name}</td><td class="num">${number(before, 3)}</td>
        <td class="num">${number(after, 3)}</td></tr>`)}</tbody></table>`;
  }

  updated() {
    const p = this.passport;
    if (!p) {
      return;
    }
    this.charts ??= {};
    const draw = (selector, option) => {
      const box = this.renderRoot.querySelector(selector);
      if (!box) {
        return;
      }
      this.charts[selector] ??= echarts.init(box);
      this.charts[selector].setOption({animation: false, tooltip: {}, ...option}, true);
      box.dataset.drawn = 'true';
    };
    // An interval as a transparent bar up to its low end and a coloured one up to its high end, the value a dot.
    const intervals = (names, lows, highs, values) => [
      {type: 'bar', stack: 'i', itemStyle: {color: 'transparent'}, data: lows, tooltip: {show: false}},
      {type: 'bar', stack: 'i', itemStyle: {color: '#9ecbff'}, data: highs.map((h, i) => h - lows[i]), name: 'interval'},
      {type: 'scatter', data: values, itemStyle: {color: '#0a3069'}, name: 'value', symbolSize: 8},
    ];
    const withIntervals = p.metrics.filter(m => m.low != null);
    draw('.metrics-chart', {grid: {left: 80, right: 20, top: 10, bottom: 30},
      yAxis: {type: 'category', data: withIntervals.map(m => m.name)}, xAxis: {type: 'value', scale: true},
      series: intervals(withIntervals.map(m => m.name), withIntervals.map(m => m.low), withIntervals.map(m => m.high),
        withIntervals.map(m => m.value))});
    if (p.calibration) {
      const bins = p.calibration.bins.filter(b => b.rows > 0);
      draw('.reliability-chart', {grid: {left: 50, right: 20, top: 10, bottom: 40},
        xAxis: {type: 'value', min: 0, max: 1, name: 'confidence', nameLocation: 'middle', nameGap: 25},
        yAxis: {type: 'value', min: 0, max: 1, name: 'accuracy'},
        series: [{type: 'line', data: [[0, 0], [1, 1]], symbol: 'none', lineStyle: {type: 'dashed'}, name: 'perfect'},
          {type: 'scatter', data: bins.map(b => [b.confidence, b.accuracy, b.rows]), name: 'bins',
            symbolSize: v => 6 + Math.sqrt(v[2])}]});
    }
    const e = p.explanations;
    if (e) {
      const order = [...e.importance].reverse();
      draw('.importance-chart', {grid: {left: 100, right: 20, top: 10, bottom: 30},
        yAxis: {type: 'category', data: order.map(i => i.column)}, xAxis: {type: 'value'},
        series: intervals(order.map(i => i.column), order.map(i => i.lower), order.map(i => i.upper),
          order.map(i => i.mean))});
      // Beeswarm-like: every explained row's value per column, columns by mean |SHAP|.
      const columns = e.columns.map((c, i) => ({c, i, m: e.meanAbsShap[i]})).sort((a, b) => a.m - b.m);
      draw('.shap-chart', {grid: {left: 100, right: 20, top: 10, bottom: 30},
        yAxis: {type: 'category', data: columns.map(x => x.c)},
        xAxis: {type: 'value', name: 'SHAP', nameLocation: 'middle', nameGap: 22, splitNumber: 4,
          axisLabel: {hideOverlap: true}},
        series: [{type: 'bar', data: columns.map(x => x.m), name: 'mean |SHAP|', itemStyle: {color: '#d0d7de'}},
          {type: 'scatter', name: 'rows', symbolSize: 5, data: columns.flatMap((x, k) =>
            e.shap.map(r => [r.values[x.i], k]))}]});
    }
    if (p.robustness?.curves.length) {
      draw('.robustness-chart', {grid: {left: 50, right: 20, top: 20, bottom: 70}, legend: {bottom: 0},
        xAxis: {type: 'log', name: 'epsilon', nameLocation: 'middle', nameGap: 25},
        yAxis: {type: 'value', min: 0, max: 1, name: 'accuracy'},
        series: p.robustness.curves.flatMap(c => [
          {type: 'line', name: `FGSM ${c.norm}`, data: c.points.map(x => [x.epsilon, x.fgsmAccuracy])},
          {type: 'line', name: `PGD ${c.norm}`, data: c.points.map(x => [x.epsilon, x.pgdAccuracy])}])});
    }
  }
}

customElements.define('hone-passport', HonePassport);
