import {LitElement, html, css} from 'lit';
import {graphql} from './api.js';
import {echarts} from './charts.js';
import {badge, base, can, number, when} from './ui.js';

const MONITOR = `deployment schedule status windowSeconds checkSeconds minRows maxInputPsi maxOutputPsi
  maxAccuracyDrop debounceChecks cooldownSeconds breaches lastCheckAt lastAlarmAt nextCheckAt`;
const CHECK = `id checkedAt verdict summary rows maxInputPsi maxInputColumn outputPsi feedback feedbackAccuracy
  alarm note`;
const SCORE = 'column numeric edges categories reference current psi';

/**
 * A deployment's drift monitor: its settings and actions, the scores of its checks over time against the
 * thresholds, the newest conclusive check's histograms (the passport's training rows against the served window)
 * for a chosen column, and the checks with their verdicts and alarms.
 */
class HoneDriftMonitor extends LitElement {
  static properties = {
    user: {attribute: false},
    name: {attribute: false},
    monitor: {state: true},
    checks: {state: true},
    latest: {state: true},
    column: {state: true},
    error: {state: true},
    notice: {state: true},
    busy: {state: true},
  };

  static styles = [base, css`
    .chart { width: 100%; max-width: 46rem; height: 15rem; }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0 1rem; }
    td.num { text-align: right; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const d = await graphql(`query($d: String!) { driftMonitor(deployment: $d) { ${MONITOR}
          checks(limit: 100) { ${CHECK} } } }`, {d: this.name});
      this.monitor = d.driftMonitor;
      this.checks = d.driftMonitor?.checks ?? [];
      const scored = this.checks.find(c => c.verdict !== 'INCONCLUSIVE');
      this.latest = scored ? (await graphql(`query($id: ID!) { driftCheck(id: $id) { id checkedAt verdict
          inputs { ${SCORE} } output { ${SCORE} } } }`, {id: scored.id})).driftCheck : null;
      this.column ??= scored?.maxInputColumn;
      this.loaded = true;
    } catch (e) {
      this.error = e.message;
    }
  }

  async act(mutation) {
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($d: String!) { ${mutation}(deployment: $d) ${mutation === 'deleteDriftMonitor' ? ''
        : '{ status }'} }`, {d: this.name});
      this.notice = `${mutation} sent`;
      if (mutation === 'checkDriftMonitor') {
        // The check runs in the monitor's workflow: give it a moment before reading the checks again.
        await new Promise(resolve => setTimeout(resolve, 1500));
      }
      await this.load();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  async create(event) {
    event.preventDefault();
    const f = event.target;
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($d: String!, $m: DriftMonitorInput!) { createDriftMonitor(deployment: $d, monitor: $m)
          { status } }`, {d: this.name, m: {schedule: f.schedule.value,
        windowSeconds: Math.round(Number(f.window.value) * 60), checkSeconds: Math.round(Number(f.every.value) * 60),
        debounceChecks: Number(f.debounce.value), cooldownSeconds: Math.round(Number(f.cooldown.value) * 3600),
        maxInputPsi: Number(f.psi.value)}});
      await this.load();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    if (this.error) {
      return html`<h3>Drift monitor</h3><p class="error" role="alert">${this.error}</p>`;
    }
    if (!this.loaded) {
      return html`<h3>Drift monitor</h3><p aria-busy="true" class="muted">Loading…</p>`;
    }
    const notice = this.notice ? html`<p role="status">${this.notice}</p>` : '';
    const m = this.monitor;
    if (!m) {
      return html`<h3>Drift monitor</h3><p class="empty">No drift monitor on this deployment.</p>${notice}
        ${can(this.user, 'RUN') ? this.createForm() : ''}`;
    }
    const run = can(this.user, 'RUN');
    return html`<section class="monitor" aria-label="Drift monitor">
      <h3>Drift monitor</h3>
      <p>${badge(m.status)} Every ${minutes(m.checkSeconds)} it judges the last ${minutes(m.windowSeconds)} of
        served traffic (at least ${m.minRows} rows) against the served version's passport: an input column's PSI
        above ${m.maxInputPsi}, the predictions' above ${m.maxOutputPsi}${m.maxAccuracyDrop == null ? ''
          : `, or accuracy on feedback ${number(100 * m.maxAccuracyDrop, 1)} points below the test figure`}
        breaches; ${m.debounceChecks} breaches in a row fire schedule
        <a href="#/schedules/${encodeURIComponent(m.schedule)}">${m.schedule}</a>, at most once every
        ${minutes(m.cooldownSeconds)}.</p>
      <p class="muted">Breaches in a row: ${m.breaches}; last check ${when(m.lastCheckAt) || 'none yet'}; last alarm
        ${when(m.lastAlarmAt) || 'none'}${m.nextCheckAt ? html`; next check ${when(m.nextCheckAt)}` : ''}</p>
      ${notice}
      ${run ? html`<div class="actions" role="group" aria-label="Monitor actions">
        <button class="check" ?disabled=${this.busy} @click=${() => this.act('checkDriftMonitor')}>Check now</button>
        ${m.status === 'PAUSED'
          ? html`<button class="resume" ?disabled=${this.busy} @click=${() => this.act('resumeDriftMonitor')}>Resume</button>`
          : html`<button class="pause" ?disabled=${this.busy} @click=${() => this.act('pauseDriftMonitor')}>Pause</button>`}
        <button class="delete danger" ?disabled=${this.busy} @click=${() => this.act('deleteDriftMonitor')}>Delete</button>
      </div>` : ''}
      ${this.checks.length === 0 ? html`<p class="empty">No checks yet.</p>` : html`
        <h4>Scores over time</h4>
        <div class="chart scores-chart" role="img" aria-label="PSI of the most shifted input column and of the
          predictions per check, with the thresholds"></div>
        ${this.histograms()}
        <h4>Checks</h4>
        <div class="scroll"><table aria-label="Drift checks">
          <thead><tr><th>Checked</th><th>Verdict</th><th>Rows</th><th>Most shifted column</th><th>Predictions PSI</th>
            <th>Accuracy on feedback</th><th>Summary</th><th>Alarm</th></tr></thead>
          <tbody>${this.checks.slice(0, 20).map(c => html`<tr>
            <td>${when(c.checkedAt)}</td><td>${badge(c.verdict)}</td><td class="num">${c.rows}</td>
            <td>${c.maxInputColumn ? html`${c.maxInputColumn} ${number(c.maxInputPsi, 3)}` : ''}</td>
            <td class="num">${number(c.outputPsi, 3)}</td>
            <td>${c.feedbackAccuracy == null ? html`<span class="muted">${c.feedback} labelled</span>`
              : `${number(100 * c.feedbackAccuracy, 1)}%`}</td>
            <td>${c.summary}</td>
            <td>${c.alarm ? html`<strong>alarm</strong> ` : ''}${c.note ?? ''}</td></tr>`)}</tbody>
        </table></div>`}
    </section>`;
  }

  histograms() {
    const l = this.latest;
    if (!l) {
      return html`<p class="empty">No check had enough traffic for scores yet.</p>`;
    }
    const scores = [...l.inputs, ...(l.output ? [l.output] : [])];
    return html`<h4>Served against the passport (check of ${when(l.checkedAt)})</h4>
      <label>Column <select class="column" @change=${e => (this.column = e.target.value)}>
        ${scores.map(s => html`<option value=${s.column} ?selected=${s.column === this.column}>${s.column}
          (PSI ${number(s.psi, 3)})</option>`)}</select></label>
      <div class="chart histogram-chart" role="img" aria-label="Shares per bin: the passport's training rows against
        the rows served in the window"></div>`;
  }

  updated() {
    this.charts ??= {};
    const draw = (selector, option) => {
      const box = this.renderRoot.querySelector(selector);
      if (!box) {
        return;
      }
      this.charts[selector] ??= echarts.init(box);
      this.charts[selector].setOption({animation: false, tooltip: {trigger: 'axis'}, ...option}, true);
      box.dataset.drawn = 'true';
    };
    const m = this.monitor;
    const scored = (this.checks ?? []).filter(c => c.maxInputPsi != null).reverse();
    if (m && scored.length) {
      const times = scored.map(c => new Date(c.checkedAt).toLocaleTimeString());
      draw('.scores-chart', {grid: {left: 50, right: 20, top: 20, bottom: 60}, legend: {bottom: 0},
        xAxis: {type: 'category', data: times}, yAxis: {type: 'value', name: 'PSI'},
        series: [
          {type: 'line', name: 'most shifted input', data: scored.map(c => c.maxInputPsi)},
          {type: 'line', name: 'predictions', data: scored.map(c => c.outputPsi)},
          {type: 'line', name: 'input threshold', data: scored.map(() => m.maxInputPsi), symbol: 'none',
            lineStyle: {type: 'dashed'}},
          {type: 'scatter', name: 'alarm', data: scored.map(c => (c.alarm ? c.maxInputPsi : null)), symbolSize: 12,
            itemStyle: {color: '#a4161a'}}]});
    }
    const l = this.latest;
    const s = l && [...l.inputs, ...(l.output ? [l.output] : [])].find(x => x.column === this.column);
    if (s) {
      draw('.histogram-chart', {grid: {left: 50, right: 20, top: 20, bottom: 60}, legend: {bottom: 0},
        xAxis: {type: 'category', data: binNames(s), axisLabel: {hideOverlap: true}},
        yAxis: {type: 'value', name: 'share'},
        series: [{type: 'bar', name: 'passport (training rows)', data: s.reference},
          {type: 'bar', name: 'served (window)', data: s.current}]});
    }
  }

  createForm() {
    return html`<form class="grid create-monitor" aria-label="Create a drift monitor" @submit=${this.create}>
      <label>Retraining schedule <input name="schedule" required></label>
      <label>Window (minutes) <input name="window" type="number" min="1" value="60" required></label>
      <label>Check every (minutes) <input name="every" type="number" min="1" value="5" required></label>
      <label>Input PSI threshold <input name="psi" type="number" step="0.01" min="0.01" value="0.25" required></label>
      <label>Breaches in a row <input name="debounce" type="number" min="1" value="3" required></label>
      <label>Cool-down (hours) <input name="cooldown" type="number" min="0" step="0.5" value="24" required></label>
      <div><button type="submit" class="primary" ?disabled=${this.busy}>Create monitor</button></div>
    </form>`;
  }
}

/** A score's bin names: number ranges or categories, then "other" (categories) and "missing". */
function binNames(s) {
  if (!s.numeric) {
    return [...s.categories, 'other', 'missing'];
  }
  const e = s.edges;
  if (e.length === 0) {
    return ['all values', 'missing'];
  }
  const names = e.map((edge, k) => (k === 0 ? `≤ ${number(edge, 2)}` : `${number(e[k - 1], 2)} – ${number(edge, 2)}`));
  return [...names, `> ${number(e[e.length - 1], 2)}`, 'missing'];
}

function minutes(seconds) {
  return seconds >= 7200 && seconds % 3600 === 0 ? `${seconds / 3600} hours` : seconds >= 120
    ? `${number(seconds / 60, 1)} minutes` : `${seconds} seconds`;
}

customElements.define('hone-drift-monitor', HoneDriftMonitor);
