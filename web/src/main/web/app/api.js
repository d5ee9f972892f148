// The console's only way to Hone: GraphQL over fetch, subscriptions over graphql-transport-ws, and the
// REST upload. Credentials stay in this tab's sessionStorage and go out only in the Authorization
// header or the WebSocket's connection_init payload (never as a cookie), so other sites cannot make
// the browser send them.
//
// Two ways to sign in, chosen by the server (/console/config): local users (HTTP Basic), or Keycloak
// with the authorization-code flow and PKCE (S256) through a public client; its access token is
// refreshed shortly before it expires.

const AUTHORIZATION = 'hone.authorization';
const OIDC = 'hone.oidc';
const PKCE = 'hone.pkce';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

let config = null;

/** How this server signs people in: {identity: 'local'} or {identity: 'keycloak', issuer, clientId}. */
export async function signInConfig() {
  if (!config) {
    const response = await fetch('/console/config').catch(e => {
      throw new ApiError('Hone cannot be reached: ' + e.message, 'UNREACHABLE');
    });
    if (!response.ok) {
      throw new ApiError('Hone answered ' + response.status + ' for its sign-in settings', 'HTTP_' + response.status);
    }
    config = await response.json();
  }
  return config;
}

export function signedIn() {
  return sessionStorage.getItem(AUTHORIZATION) !== null;
}

/** Forgets the credentials; in Keycloak mode also ends the Keycloak session (the page leaves for Keycloak). */
export function signOut() {
  const oidc = JSON.parse(sessionStorage.getItem(OIDC) ?? 'null');
  sessionStorage.removeItem(AUTHORIZATION);
  sessionStorage.removeItem(OIDC);
  if (oidc) {
    const url = new URL(oidc.issuer + '/protocol/openid-connect/logout');
    url.search = new URLSearchParams({client_id: oidc.clientId, id_token_hint: oidc.idToken,
      post_logout_redirect_uri: redirectUri()});
    location.assign(url.toString());
  }
}

/** Checks a local user name and password against the API; keeps them only when they work. */
export async function signIn(username, password) {
  const bytes = new TextEncoder().encode(username + ':' + password);
  const authorization = 'Basic ' + btoa(String.fromCharCode(...bytes));
  const me = await graphql(ME, {}, authorization);
  sessionStorage.setItem(AUTHORIZATION, authorization);
  return me.me;
}

export const ME = '{ me { username roles permissions } }';

function redirectUri() {
  return location.origin + '/';
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Leaves for Keycloak's sign-in page; it comes back to this page with a code (see completeKeycloakSignIn). */
export async function beginKeycloakSignIn() {
  const {issuer, clientId} = await signInConfig();
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE, JSON.stringify({verifier, state, hash: location.hash}));
  const url = new URL(issuer + '/protocol/openid-connect/auth');
  url.search = new URLSearchParams({client_id: clientId, response_type: 'code', scope: 'openid',
    redirect_uri: redirectUri(), state, code_challenge: base64url(new Uint8Array(digest)),
    code_challenge_method: 'S256'});
  location.assign(url.toString());
}

/**
 * Finishes a Keycloak sign-in when this page is Keycloak's answer (?code=...&state=...): swaps the code
 * and the PKCE verifier for tokens. Returns false when the page is not such an answer.
 */
export async function completeKeycloakSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) {
    return false;
  }
  const pending = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null');
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', '/' + (pending?.hash ?? ''));
  if (params.has('error')) {
    throw new ApiError('Keycloak refused the sign-in: ' + (params.get('error_description') ?? params.get('error')),
      'UNAUTHENTICATED');
  }
  if (!pending || pending.state !== params.get('state')) {
    throw new ApiError('This sign-in answer does not belong to a sign-in started here; please sign in again',
      'UNAUTHENTICATED');
  }
  const {issuer, clientId} = await signInConfig();
  await tokenRequest(issuer, clientId, {grant_type: 'authorization_code', code: params.get('code'),
    redirect_uri: redirectUri(), code_verifier: pending.verifier});
  return true;
}

async function tokenRequest(issuer, clientId, form) {
  let response;
  try {
    response = await fetch(issuer + '/protocol/openid-connect/token', {method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({...form, client_id: clientId})});
  } catch (e) {
    throw new ApiError('Keycloak cannot be reached: ' + e.message, 'UNREACHABLE');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    sessionStorage.removeItem(AUTHORIZATION);
    sessionStorage.removeItem(OIDC);
    throw new ApiError('Keycloak refused the sign-in: ' + (body.error_description ?? body.error ?? response.status),
      'UNAUTHENTICATED');
  }
  sessionStorage.setItem(AUTHORIZATION, 'Bearer ' + body.access_token);
  sessionStorage.setItem(OIDC, JSON.stringify({issuer, clientId, refreshToken: body.refresh_token,
    idToken: body.id_token, expiresAt: Date.now() + body.expires_in * 1000}));
}

/** The Authorization header value, with a Keycloak access token refreshed when it is about to expire. */
async function currentAuthorization() {
  const oidc = JSON.parse(sessionStorage.getItem(OIDC) ?? 'null');
  if (oidc && oidc.expiresAt - Date.now() < 30_000) {
    await tokenRequest(oidc.issuer, oidc.clientId, {grant_type: 'refresh_token', refresh_token: oidc.refreshToken});
  }
  return sessionStorage.getItem(AUTHORIZATION) ?? '';
}

function errorOf(body, status) {
  if (body?.errors?.length) {
    return new ApiError(body.errors[0].message, body.errors[0].extensions?.code);
  }
  if (body?.message) {
    return new ApiError(body.message, body.code);
  }
  return new ApiError('Hone answered ' + status, 'HTTP_' + status);
}

export async function graphql(query, variables = {}, authorization = null) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      // X-Requested-With: a refused password gets a plain 401, not the browser's own sign-in dialog.
      headers: {'Content-Type': 'application/json', 'Authorization': authorization ?? await currentAuthorization(),
        'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify({query, variables}),
    });
  } catch (e) {
    throw new ApiError('Hone cannot be reached: ' + e.message, 'UNREACHABLE');
  }
  if (response.status === 401) {
    throw new ApiError(authorization ? 'Wrong user name or password' : 'Your sign-in has expired; please sign in again',
      'UNAUTHENTICATED');
  }
  const body = await response.json().catch(() => null);
  if (!body || body.errors?.length) {
    throw errorOf(body, response.status);
  }
  return body.data;
}

/**
 * Uploads a CSV file as a new version of a data set, reporting progress (0..1) while it is sent.
 * Resolves with the server's answer (the version and its profile).
 */
export async function uploadDataset(name, file, onProgress) {
  const authorization = await currentAuthorization();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/datasets/' + encodeURIComponent(name));
    request.setRequestHeader('Content-Type', 'text/csv');
    request.setRequestHeader('Authorization', authorization);
    request.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    request.upload.onprogress = e => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON: reported with the status below
      }
      if (request.status === 200 || request.status === 201) {
        resolve(body);
      } else {
        reject(errorOf(body, request.status));
      }
    };
    request.onerror = () => reject(new ApiError('The upload did not reach Hone (connection closed)', 'UNREACHABLE'));
    request.send(file);
  });
}

/**
 * A GraphQL subscription over the graphql-transport-ws protocol at /graphql. Browsers cannot send
 * an Authorization header on a WebSocket, so the credentials go in the connection_init payload.
 * A connection that drops before the subscription completes (the server closes it when the token
 * it was opened with expires, or the network blips) is opened again with fresh credentials, a few
 * times with growing pauses; the subscription's first answer then brings the current state.
 * Returns a function that closes the subscription.
 */
export function subscribe(query, variables, {next, error, complete}) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let done = false;
  let socket = null;
  let failures = 0;
  const connect = () => {
    socket = new WebSocket(scheme + '//' + location.host + '/graphql', 'graphql-transport-ws');
    const current = socket;
    current.onopen = async () => {
      try {
        current.send(JSON.stringify({type: 'connection_init', payload: {Authorization: await currentAuthorization()}}));
      } catch (e) {
        done = true;
        error?.(e);
      }
    };
    current.onmessage = event => {
      const message = JSON.parse(event.data);
      if (message.type === 'connection_ack') {
        current.send(JSON.stringify({id: '1', type: 'subscribe', payload: {query, variables}}));
      } else if (message.type === 'next') {
        failures = 0;
        if (message.payload.errors?.length) {
          error?.(errorOf(message.payload));
        } else {
          next(message.payload.data);
        }
      } else if (message.type === 'error') {
        done = true;
        error?.(new ApiError(message.payload?.[0]?.message ?? 'Subscription refused', 'SUBSCRIPTION'));
      } else if (message.type === 'complete') {
        done = true;
        complete?.();
        current.close();
      } else if (message.type === 'ping') {
        current.send(JSON.stringify({type: 'pong'}));
      }
    };
    current.onclose = event => {
      // Closed before the subscription completed, whatever the code (Hone closes an expired
      // identity's socket normally): open it again.
      if (done) {
        return;
      }
      if (++failures <= 5) {
        setTimeout(() => done || connect(), 500 * 2 ** failures);
      } else {
        error?.(new ApiError('Live updates stopped (' + (event.reason || event.code) + ')', 'SUBSCRIPTION'));
      }
    };
  };
  connect();
  return () => {
    done = true;
    socket.close();
  };
}
