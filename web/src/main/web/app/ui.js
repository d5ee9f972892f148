import {html, css} from 'lit';

/** Styles every page shares: tables, forms, buttons, states, and a visible keyboard focus. */
export const base = css`
  :host { display: block; }
  h2 { margin: 0.2rem 0 0.8rem; font-size: 1.35rem; }
  h3 { margin: 1.2rem 0 0.5rem; font-size: 1.05rem; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { font-weight: 600; }
  .scroll { overflow-x: auto; }
  a { color: #0b5cad; }
  button, .button { padding: 0.35rem 0.85rem; font-size: 0.95rem; cursor: pointer; border: 1px solid #8c959f;
    border-radius: 4px; background: #f6f8fa; color: inherit; text-decoration: none; display: inline-block; }
  button.primary, .button.primary { background: #1f6feb; border-color: #1f6feb; color: white; }
  button.danger { background: #fff0f0; border-color: #a4161a; color: #a4161a; }
  button:disabled { opacity: 0.5; cursor: default; }
  :focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
  input, select, textarea { padding: 0.3rem; font: inherit; font-size: 0.95rem; max-width: 100%; box-sizing: border-box; }
  label { display: grid; gap: 0.15rem; font-size: 0.9rem; }
  fieldset { border: 1px solid #d0d7de; border-radius: 4px; margin: 0 0 1rem; padding: 0.6rem 0.8rem; }
  legend { font-weight: 600; padding: 0 0.3rem; }
  .grid { display: grid; gap: 0.6rem 1rem; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin-bottom: 0.8rem; }
  .error { color: #a4161a; }
  .invalid { color: #a4161a; font-size: 0.85rem; }
  .empty, .muted { color: #57606a; }
  .status { font-weight: 600; }
  .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 1rem; background: #eaeef2; font-size: 0.8rem;
    margin-right: 0.25rem; }
  .badge.APPROVED, .badge.SUCCEEDED, .badge.COMPLETED, .badge.PROMOTED, .badge.PASSED { background: #dafbe1; }
  .badge.REJECTED, .badge.FAILED, .badge.DENIED, .badge.ROLLED_BACK, .badge.ABORTED { background: #ffebe9; }
  .badge.PENDING, .badge.RUNNING, .badge.QUEUED, .badge.PAUSED, .badge.AWAITING_APPROVAL, .badge.WAITING {
    background: #fff8c5; }
  code { font-size: 0.85rem; word-break: break-word; }
`;

/** Whether the user's roles allow a permission (as `me.permissions` lists them); the server still checks. */
export function can(user, permission) {
  return Boolean(user?.permissions?.includes(permission));
}

/** The common page states: an error with the API's message, or loading. Null when there is data. */
export function pageState(error, data) {
  if (error && !data) {
    return html`<p class="error" role="alert">${error}</p>`;
  }
  if (!data) {
    return html`<p aria-busy="true" class="muted">Loading…</p>`;
  }
  return null;
}

export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

export function number(value, digits = 4) {
  if (value == null) {
    return '';
  }
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2)
    : Number(value.toFixed(digits)).toString();
}

/** "0.8700 to 0.9800 (95%, 23 test rows)": a metric's interval from an evaluation report, or '' without one. */
export function interval(evaluation, name) {
  const m = evaluation?.metrics?.find(x => x.name === name);
  if (m?.low == null || m?.high == null) {
    return '';
  }
  return `${number(m.low)} to ${number(m.high)} (${Math.round(evaluation.intervalLevel * 100)}%, ${evaluation.rows} test rows)`;
}

export function badge(text) {
  return html`<span class="badge ${text}">${text}</span>`;
}

/** Previous / next for a paged list. */
export function pager(pageInfo, go) {
  const pages = Math.max(1, Math.ceil(pageInfo.total / pageInfo.size));
  return html`<div class="row" role="navigation" aria-label="Pages">
    <button ?disabled=${pageInfo.page === 0} @click=${() => go(pageInfo.page - 1)}>Previous</button>
    <span>Page ${pageInfo.page + 1} of ${pages} (${pageInfo.total})</span>
    <button ?disabled=${pageInfo.page + 1 >= pages} @click=${() => go(pageInfo.page + 1)}>Next</button>
  </div>`;
}
