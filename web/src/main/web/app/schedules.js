import {LitElement, html, css} from 'lit';
import {graphql} from './api.js';
import {badge, base, can, pageState, when} from './ui.js';

const SCHEDULE = `name status cron intervalSeconds zone overlap catchUp dataset target deployment
  newDataMinIntervalSeconds nextFireAt lastFireAt
  createdBy updatedBy updatedAt nextFireTimes(count: 5)`;
const FIRES = 'fires(limit: 50) { fireTime cause outcome runId reason rolloutId followUp driftCheckId }';
const OVERLAPS = ['SKIP', 'BUFFER_ONE', 'CANCEL_RUNNING'];
const CATCH_UPS = ['SKIP_MISSED', 'RUN_ONCE'];

/** When a schedule fires, in words. */
function cadence(s) {
  const data = s.newDataMinIntervalSeconds == null ? ''
    : `, and on each new version of the data set (at most once in ${s.newDataMinIntervalSeconds} s)`;
  return s.cron ? html`<code>${s.cron}</code> (${s.zone})${data}` : html`every ${s.intervalSeconds} s${data}`;
}

/** The ScheduleInput a form asks for: its cron expression, else its interval, with zone and policies. */
function whenFrom(f) {
  const cron = f.cron.value.trim();
  const when = {zone: f.zone.value.trim() || null, overlap: f.overlap.value, catchUp: f.catchUp.value};
  if (cron) {
    when.cron = cron;
  } else {
    when.intervalSeconds = Number(f.interval.value);
  }
  const newData = f.newData.value.trim();
  when.newDataMinIntervalSeconds = newData === '' ? null : Number(newData);
  return when;
}

/** Every schedule with its next times; a form to make one for those who may start runs. */
class HoneSchedules extends LitElement {
  static properties = {user: {attribute: false}, data: {state: true}, error: {state: true},
    notice: {state: true}, busy: {state: true}};
  static styles = [base, css`form.create { display: grid; gap: 0.4rem; max-width: 36rem; margin-top: 1rem; }`];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.data = (await graphql(`{ schedules { ${SCHEDULE} } }`)).schedules;
    } catch (e) {
      this.error = e.message;
    }
  }

  async create(event) {
    event.preventDefault();
    const f = event.target;
    const whenInput = whenFrom(f);
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($n: String!, $run: StartRunInput!, $when: ScheduleInput!) {
          createSchedule(name: $n, run: $run, when: $when) { name } }`, {n: f.name.value.trim(),
        run: {dataset: f.dataset.value.trim(), target: f.target.value.trim()}, when: whenInput});
      location.hash = `#/schedules/${encodeURIComponent(f.name.value.trim())}`;
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const state = pageState(this.error, this.data);
    if (state) {
      return html`<h2>Schedules</h2>${state}`;
    }
    return html`<h2>Schedules</h2>
      ${this.data.length === 0 ? html`<p class="empty">No schedules yet.</p>` : html`
      <table aria-label="Schedules">
        <thead><tr><th>Schedule</th><th>Status</th><th>When</th><th>Run</th><th>Next fires</th></tr></thead>
        <tbody>${this.data.map(s => html`<tr>
          <td><a href="#/schedules/${encodeURIComponent(s.name)}">${s.name}</a></td>
          <td>${badge(s.status)}</td><td>${cadence(s)}</td>
          <td><a href="#/datasets/${encodeURIComponent(s.dataset)}">${s.dataset}</a> → ${s.target}</td>
          <td>${s.nextFireTimes.slice(0, 2).map(t => html`<div>${when(t)}</div>`)}</td></tr>`)}</tbody>
      </table>`}
      ${can(this.user, 'RUN') ? this.form() : ''}`;
  }

  form() {
    return html`<form class="create" @submit=${this.create} aria-label="New schedule">
      <h3>New schedule</h3>
      <label>Name <input name="name" required></label>
      <label>Data set <input name="dataset" required></label>
      <label>Target column <input name="target" required></label>
      <label>Cron (minute hour day month weekday) <input name="cron" placeholder="0 2 * * *"></label>
      <label>or every … seconds <input name="interval" type="number" min="1"></label>
      <label>Time zone <input name="zone" placeholder="UTC"></label>
      <label>While a run is in flight <select name="overlap">${OVERLAPS.map(o => html`<option>${o}</option>`)}
        </select></label>
      <label>Times missed while Hone was down <select name="catchUp">
        ${CATCH_UPS.map(o => html`<option>${o}</option>`)}</select></label>
      <label>Also on new data versions, at most every … seconds <input name="newData" type="number" min="0"
        placeholder="off"></label>
      <button type="submit" class="primary" ?disabled=${this.busy}>Create</button>
      ${this.notice ? html`<p role="alert" class="error">${this.notice}</p>` : ''}
    </form>`;
  }
}

/** One schedule: its next times, its fires with their runs, and the actions the user's roles allow. */
class HoneSchedule extends LitElement {
  static properties = {user: {attribute: false}, name: {attribute: false}, schedule: {state: true},
    error: {state: true}, notice: {state: true}, busy: {state: true}};
  static styles = [base, css`
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0 1rem; }
    form.edit { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.timer = setInterval(() => this.load(), 5000);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  async load() {
    try {
      this.schedule = (await graphql(`query($n: String!) { schedule(name: $n) { ${SCHEDULE} ${FIRES} } }`,
        {n: this.name})).schedule;
    } catch (e) {
      this.error = e.message;
    }
  }

  async act(mutation) {
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($n: String!) { ${mutation}(name: $n) ${mutation === 'deleteSchedule' ? ''
        : '{ name }'} }`, {n: this.name});
      if (mutation === 'deleteSchedule') {
        location.hash = '#/schedules';
        return;
      }
      this.notice = `${mutation} sent`;
      await this.load();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  async edit(event) {
    event.preventDefault();
    const f = event.target;
    const whenInput = whenFrom(f);
    this.busy = true;
    this.notice = null;
    try {
      await graphql(`mutation($n: String!, $when: ScheduleInput!) { updateSchedule(name: $n, when: $when) {
          name } }`, {n: this.name, when: whenInput});
      this.notice = 'Schedule changed';
      await this.load();
    } catch (e) {
      this.notice = e.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const state = pageState(this.error, this.schedule);
    if (state) {
      return html`<h2>Schedule ${this.name}</h2>${state}`;
    }
    const s = this.schedule;
    const mayRun = can(this.user, 'RUN');
    return html`<h2>Schedule ${s.name} ${badge(s.status)}</h2>
      <p>${cadence(s)}; while a run is in flight: ${s.overlap}; missed times: ${s.catchUp}. Starts a run on
        <a href="#/datasets/${encodeURIComponent(s.dataset)}">${s.dataset}</a> predicting ${s.target}${s.deployment
          ? html`; a new version that passes its gate becomes a canary on
            <a href="#/deployments/${encodeURIComponent(s.deployment)}">${s.deployment}</a>` : ''}.
        Changed ${when(s.updatedAt)} by ${s.updatedBy}.</p>
      <section aria-label="Next fire times"><h3>Next fires</h3>
        ${s.nextFireTimes.length === 0 ? html`<p class="muted">None while paused.</p>`
          : html`<ol class="next">${s.nextFireTimes.map(t => html`<li>${when(t)} <span class="muted">${t}</span></li>`)}
          </ol>`}</section>
      ${mayRun ? html`<div class="actions">
        ${s.status === 'PAUSED'
          ? html`<button class="resume" ?disabled=${this.busy} @click=${() => this.act('resumeSchedule')}>Resume</button>`
          : html`<button class="pause" ?disabled=${this.busy} @click=${() => this.act('pauseSchedule')}>Pause</button>`}
        <button class="trigger primary" ?disabled=${this.busy} @click=${() => this.act('triggerSchedule')}>Run now
        </button>
        <button class="delete" ?disabled=${this.busy} @click=${() => this.act('deleteSchedule')}>Delete</button>
      </div>
      <form class="edit" @submit=${this.edit} aria-label="Change the times">
        <label>Cron <input name="cron" .value=${s.cron ?? ''}></label>
        <label>or every … seconds <input name="interval" type="number" min="1" .value=${s.intervalSeconds ?? ''}>
        </label>
        <label>Zone <input name="zone" .value=${s.zone}></label>
        <label>Overlap <select name="overlap">${OVERLAPS.map(o => html`<option ?selected=${o === s.overlap}>${o}
          </option>`)}</select></label>
        <label>Catch-up <select name="catchUp">${CATCH_UPS.map(o => html`<option ?selected=${o === s.catchUp}>
          ${o}</option>`)}</select></label>
        <label>New data, at most every … seconds <input name="newData" type="number" min="0" placeholder="off"
          .value=${s.newDataMinIntervalSeconds ?? ''}></label>
        <button type="submit" ?disabled=${this.busy}>Change</button>
      </form>` : ''}
      ${this.notice ? html`<p role="status">${this.notice}</p>` : ''}
      <h3>Fires</h3>
      ${s.fires.length === 0 ? html`<p class="empty">No fire yet.</p>` : html`<div class="scroll">
      <table aria-label="Fires">
        <thead><tr><th>Time</th><th>Cause</th><th>Outcome</th><th>Run</th><th>Why</th><th>Then</th></tr></thead>
        <tbody>${s.fires.map(f => html`<tr>
          <td>${when(f.fireTime)}</td><td>${f.cause}${f.driftCheckId == null ? ''
            : html` <span class="muted">(check ${f.driftCheckId})</span>`}</td><td>${badge(f.outcome)}</td>
          <td>${f.runId == null ? '' : html`<a href="#/runs/${f.runId}">run ${f.runId}</a>`}</td>
          <td>${f.reason ?? ''}</td>
          <td>${f.rolloutId != null && s.deployment ? html`<a href="#/deployments/${encodeURIComponent(s.deployment)}">
            ${f.followUp}</a>` : f.followUp ?? ''}</td></tr>`)}</tbody>
      </table></div>`}`;
  }
}

customElements.define('hone-schedules', HoneSchedules);
customElements.define('hone-schedule', HoneSchedule);
