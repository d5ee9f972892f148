import {LitElement, html, css} from 'lit';
import {graphql} from './api.js';
import {badge, base, pageState, pager, when} from './ui.js';

/** The audit log (admins): every state-changing call, newest first, filtered and paged. */
class HoneAudit extends LitElement {
  static properties = {data: {state: true}, error: {state: true}};

  // Fixed columns: long details and request ids wrap inside their cells instead of widening the table.
  static styles = [base, css`
    table { table-layout: fixed; }
    td { overflow-wrap: anywhere; }
    .time { width: 8.5rem; } .actor { width: 11%; } .operation { width: 12%; } .target { width: 16%; }
    .outcome { width: 6.5rem; } .request { width: 6rem; }
    @media (max-width: 900px) { .request { display: none; } }
    summary { cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  `];

  constructor() {
    super();
    this.filters = {actor: null, operation: null, outcome: null};
  }

  connectedCallback() {
    super.connectedCallback();
    this.load(0);
  }

  async load(page) {
    this.error = null;
    try {
      this.data = (await graphql(`query($actor: String, $operation: String, $outcome: Outcome, $page: Int) {
          auditEvents(actor: $actor, operation: $operation, outcome: $outcome, page: $page, size: 25) {
            items { id occurredAt actor roles operation target outcome detail requestId } pageInfo { page size total } } }`,
      {...this.filters, page})).auditEvents;
    } catch (e) {
      this.error = e.message;
    }
  }

  filter(event) {
    event.preventDefault();
    const form = event.target;
    this.filters = {actor: form.actor.value.trim() || null, operation: form.operation.value.trim() || null,
      outcome: form.outcome.value || null};
    this.load(0);
  }

  render() {
    return html`<h2>Audit log</h2>
      <form class="row" role="search" aria-label="Filter the audit log" @submit=${this.filter}>
        <label>Actor <input name="actor" placeholder="user name"></label>
        <label>Operation <input name="operation" placeholder="startRun"></label>
        <label>Outcome <select name="outcome"><option value="">any</option>
          <option>SUCCEEDED</option><option>DENIED</option><option>FAILED</option></select></label>
        <button type="submit">Filter</button>
      </form>
      ${pageState(this.error, this.data) ?? this.table()}`;
  }

  table() {
    if (this.data.items.length === 0) {
      return html`<p class="empty">No events match.</p>`;
    }
    return html`<div class="scroll"><table aria-label="Audit events">
        <thead><tr><th class="time">Time</th><th class="actor">Actor</th><th class="operation">Operation</th>
          <th class="target">Target</th><th class="outcome">Outcome</th><th class="detail">Detail</th>
          <th class="request">Request</th></tr></thead>
        <tbody>${this.data.items.map(e => html`<tr>
          <td>${when(e.occurredAt)}</td><td>${e.actor} <span class="muted">(${e.roles.join(', ')})</span></td>
          <td>${e.operation}</td><td>${long(e.target)}</td><td>${badge(e.outcome)}</td>
          <td>${long(e.detail)}</td>
          <td class="request"><code title=${e.requestId ?? ''}>${(e.requestId ?? '').slice(0, 8)}</code></td></tr>`)}
        </tbody></table></div>
      ${pager(this.data.pageInfo, p => this.load(p))}`;
  }
}

/** A value that may be long (a request's arguments): its start, the whole of it one click away. */
function long(text) {
  if (text == null) {
    return '';
  }
  return text.length <= 60 ? html`<code>${text}</code>`
    : html`<details><summary><code>${text.slice(0, 60)}…</code></summary><code>${text}</code></details>`;
}

customElements.define('hone-audit', HoneAudit);
