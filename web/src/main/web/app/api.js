// GraphQL over fetch with the signed-in user's credentials. Credentials stay in this tab's
// sessionStorage and go out only in the Authorization header (never as a cookie), so other sites
// cannot make the browser send them.

const KEY = 'hone.authorization';

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Checks a user name and password against the API; keeps them only when they work. */
export async function signIn(username, password) {
  const bytes = new TextEncoder().encode(username + ':' + password);
  const authorization = 'Basic ' + btoa(String.fromCharCode(...bytes));
  const me = await graphql('{ me { username roles } }', {}, authorization);
  sessionStorage.setItem(KEY, authorization);
  return me.me;
}

export async function graphql(query, variables = {}, authorization = sessionStorage.getItem(KEY)) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      // X-Requested-With: a refused password gets a plain 401, not the browser's own sign-in dialog.
      headers: {'Content-Type': 'application/json', 'Authorization': authorization ?? '',
        'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify({query, variables}),
    });
  } catch (e) {
    throw new ApiError('Hone cannot be reached: ' + e.message, 'UNREACHABLE');
  }
  if (response.status === 401) {
    throw new ApiError('Wrong user name or password', 'UNAUTHENTICATED');
  }
  const body = await response.json().catch(() => null);
  if (!body) {
    throw new ApiError('Hone answered ' + response.status, 'HTTP_' + response.status);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code);
  }
  return body.data;
}

/**
 * A GraphQL subscription over the graphql-transport-ws protocol at /graphql. Browsers cannot send
 * an Authorization header on a WebSocket, so the credentials go in the connection_init payload.
 * Returns a function that closes the subscription.
 */
export function subscribe(query, variables, {next, error, complete}) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(scheme + '//' + location.host + '/graphql', 'graphql-transport-ws');
  let done = false;
  socket.onopen = () => socket.send(JSON.stringify({
    type: 'connection_init', payload: {Authorization: sessionStorage.getItem(KEY) ?? ''}}));
  socket.onmessage = event => {
    const message = JSON.parse(event.data);
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({id: '1', type: 'subscribe', payload: {query, variables}}));
    } else if (message.type === 'next') {
      if (message.payload.errors?.length) {
        error?.(new ApiError(message.payload.errors[0].message, message.payload.errors[0].extensions?.code));
      } else {
        next(message.payload.data);
      }
    } else if (message.type === 'error') {
      error?.(new ApiError(message.payload?.[0]?.message ?? 'Subscription refused', 'SUBSCRIPTION'));
    } else if (message.type === 'complete') {
      done = true;
      complete?.();
      socket.close();
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({type: 'pong'}));
    }
  };
  socket.onclose = event => {
    if (!done && event.code !== 1000) {
      error?.(new ApiError('Live updates stopped (' + (event.reason || event.code) + ')', 'SUBSCRIPTION'));
    }
  };
  return () => {
    done = true;
    socket.close();
  };
}
