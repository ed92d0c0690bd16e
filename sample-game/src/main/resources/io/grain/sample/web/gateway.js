// A small client of the Grain gateway's JSON format (io/grain/gateway/gateway.proto):
// Authenticate, then Calls answered by Reply or Error, Pushes at any time, and Pings to answer.
'use strict';

class GatewayError extends Error {
  constructor(code, message) {
    super(code + ': ' + message);
    this.code = code;
  }
}

class Gateway {
  /** url: ws://host:port/grain; onPush(observer, method, message); onClose(reason). */
  constructor(url, onPush, onClose) {
    this.url = url;
    this.onPush = onPush;
    this.onClose = onClose;
    this.nextId = 1;
    this.pending = new Map();
    this.open = false;
  }

  /** Connects and authenticates with token; resolves with the Welcome. */
  connect(token) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url + '?format=json');
      this.ws = ws;
      let welcomed = false;
      ws.onopen = () => ws.send(JSON.stringify({authenticate: {token: token}}));
      ws.onmessage = event => {
        const frame = JSON.parse(event.data);
        if (frame.welcome) {
          welcomed = true;
          this.open = true;
          resolve(frame.welcome);
        } else if (frame.reply) {
          this.settle(frame.reply.id, call => call.resolve(frame.reply.json || {}));
        } else if (frame.error) {
          const error = new GatewayError(frame.error.code, frame.error.message || '');
          if (!welcomed && !frame.error.id) {
            reject(error);
            ws.close();
          } else {
            this.settle(frame.error.id, call => call.reject(error));
          }
        } else if (frame.push) {
          this.onPush(frame.push.observer, frame.push.method, frame.push.json || {});
        } else if (frame.ping) {
          ws.send(JSON.stringify({pong: {nonce: frame.ping.nonce}}));
        }
      };
      ws.onclose = event => {
        this.open = false;
        const reason = 'closed (' + event.code + (event.reason ? ' ' + event.reason : '') + ')';
        for (const call of this.pending.values()) {
          call.reject(new GatewayError('UNAVAILABLE', reason));
        }
        this.pending.clear();
        if (!welcomed) {
          reject(new GatewayError('UNAVAILABLE', reason));
        } else if (this.onClose) {
          this.onClose(reason);
        }
      };
    });
  }

  settle(id, action) {
    const call = this.pending.get(String(id || 0));
    if (call) {
      this.pending.delete(String(id || 0));
      action(call);
    }
  }

  /**
   * Calls method (the rpc name) of grain kind with key ({stringKey: 'alice'} or {longKey: '0'})
   * and request (the method's request message as JSON); resolves with the reply message.
   */
  call(kind, key, method, request) {
    const id = this.nextId++;
    const call = Object.assign({id: id, kind: kind, method: method, json: request || {}}, key);
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new GatewayError('UNAVAILABLE', 'not connected'));
        return;
      }
      this.pending.set(String(id), {resolve: resolve, reject: reject});
      this.ws.send(JSON.stringify({call: call}));
    });
  }

  close() {
    this.onClose = null;
    if (this.ws) {
      this.ws.close();
    }
  }
}

/** Asks the page's server for a token for player (POST /login). */
async function login(player) {
  const response = await fetch('login', {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: 'player=' + encodeURIComponent(player)
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || ('login failed: ' + response.status));
  }
  return body.token;
}
