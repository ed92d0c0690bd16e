// A game client of the Grain arena in Node.js, written from the .proto files alone:
// io/grain/gateway/gateway.proto (the frames) and the grain .proto files the Grain processor
// generated (Player.proto, Match.proto, MatchEvents.proto). It speaks the gateway's binary
// Protobuf format over WebSocket, logs in, queues, plays one match (a move on every tick
// pushed to it) and exits 0 when the match has ended, printing its placement.
//
//   node client.js <ws://host:port/grain> <token> <player> <proto root>
//
// <proto root> holds io/grain/gateway/gateway.proto and io/grain/sample/arena/*.proto.
'use strict';

const path = require('path');
const protobuf = require('protobufjs');
const WebSocket = require('ws');

const [url, token, player, protoRoot] = process.argv.slice(2);
if (!protoRoot) {
  console.error('usage: node client.js <ws url> <token> <player> <proto root>');
  process.exit(2);
}
const TIMEOUT_MS = 120000;

function findService(namespace, name) {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service && nested.name === name) {
      return nested;
    }
    if (nested.nestedArray) {
      const found = findService(nested, name);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

async function main() {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => target.startsWith('google/protobuf/') ? target : path.join(protoRoot, target);
  await root.load(['io/grain/gateway/gateway.proto', 'io/grain/sample/arena/Player.proto', 'io/grain/sample/arena/Match.proto',
    'io/grain/sample/arena/MatchEvents.proto'], {keepCase: false});
  root.resolveAll();
  const ClientFrame = root.lookupType('grain.gateway.ClientFrame');
  const ServerFrame = root.lookupType('grain.gateway.ServerFrame');
  const ErrorCode = root.lookupEnum('grain.gateway.ErrorCode');
  const Player = findService(root, 'Player');
  const MatchEvents = findService(root, 'MatchEvents');
  const Direction = Player.methods.Move.resolvedRequestType.fields.move.resolvedType.fields.direction.resolvedType;

  const ws = new WebSocket(url + '?format=protobuf');
  ws.binaryType = 'nodebuffer';
  const pending = new Map();
  let nextId = 1;
  let matchId = null;
  let moves = 0;

  const send = frame => ws.send(ClientFrame.encode(ClientFrame.fromObject(frame)).finish());

  // calls a client-callable method of this player's grain with the request message of its rpc
  const callPlayer = (method, request) => new Promise((resolve, reject) => {
    const rpc = Player.methods[method];
    const id = nextId++;
    pending.set(id, {resolve: payload => resolve(rpc.resolvedResponseType.decode(payload)), reject});
    send({call: {id, kind: 'player', stringKey: player, method, payload: rpc.resolvedRequestType.encode(
      rpc.resolvedRequestType.fromObject(request || {})).finish()}});
  });

  const nextMove = view => {
    const self = view.fighters.find(f => f.player === player);
    if (!self || self.health <= 0) {
      return {direction: Direction.values.MOVE_DIRECTION_NONE, attack: false};
    }
    let nearest = null;
    let best = Infinity;
    for (const f of view.fighters) {
      const distance = Math.max(Math.abs(f.x - self.x), Math.abs(f.y - self.y));
      if (f !== self && f.health > 0 && distance < best) {
        best = distance;
        nearest = f;
      }
    }
    if (!nearest || best <= 1) {
      return {direction: Direction.values.MOVE_DIRECTION_NONE, attack: !!nearest};
    }
    const dx = nearest.x - self.x;
    const dy = nearest.y - self.y;
    const step = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? 'MOVE_DIRECTION_EAST' : 'MOVE_DIRECTION_WEST')
      : (dy > 0 ? 'MOVE_DIRECTION_SOUTH' : 'MOVE_DIRECTION_NORTH');
    return {direction: Direction.values[step], attack: false};
  };

  const finished = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no match finished within ' + TIMEOUT_MS + ' ms')), TIMEOUT_MS);
    ws.on('error', reject);
    ws.on('close', (code, reason) => reject(new Error('the gateway closed the connection: ' + code + ' ' + reason)));
    ws.on('open', () => send({authenticate: {token}}));
    ws.on('message', async data => {
      const frame = ServerFrame.decode(data);
      if (frame.welcome) {
        console.log('welcome: principal ' + frame.welcome.principal + ', session ' + frame.welcome.sessionId);
        try {
          const login = await callPlayer('Login');
          console.log('logged in: rating ' + login.result.rating + ', ' + login.result.stats.matches + ' matches played');
          await callPlayer('Queue');
          console.log('queued');
        } catch (e) {
          reject(e);
        }
      } else if (frame.reply) {
        const call = pending.get(frame.reply.id);
        pending.delete(frame.reply.id);
        if (call) {
          call.resolve(frame.reply.payload || Buffer.alloc(0));
        }
      } else if (frame.error) {
        const error = new Error(ErrorCode.valuesById[frame.error.code] + ': ' + frame.error.message);
        const call = pending.get(frame.error.id);
        pending.delete(frame.error.id);
        (call ? call.reject : reject)(error);
      } else if (frame.ping) {
        send({pong: {nonce: frame.ping.nonce}});
      } else if (frame.push && frame.push.observer === 'match_events') {
        const rpc = MatchEvents.methods[frame.push.method];
        const message = rpc.resolvedRequestType.decode(frame.push.payload);
        if (frame.push.method === 'Started' && message.players.includes(player)) {
          matchId = message.matchId;
          console.log('match ' + matchId + ' started: ' + message.players.join(', '));
        } else if (frame.push.method === 'Tick' && matchId !== null && message.view.matchId.toString() === matchId.toString()) {
          callPlayer('Move', {matchId, move: nextMove(message.view)}).then(() => moves++, reject);
        } else if (frame.push.method === 'Ended' && matchId !== null && message.view.matchId.toString() === matchId.toString()) {
          clearTimeout(timer);
          const place = message.view.ranking.indexOf(player) + 1;
          console.log('match ' + matchId + ' finished after ' + message.view.tick + ' ticks: placed ' + place + ' of '
            + message.view.ranking.length + ' (' + message.view.ranking.join(', ') + '), ' + moves + ' moves sent');
          resolve();
        }
      }
    });
  });
  try {
    await finished;
  } finally {
    ws.removeAllListeners('close');
    ws.close();
  }
}

main().then(() => process.exit(0), e => {
  console.error('node client failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
