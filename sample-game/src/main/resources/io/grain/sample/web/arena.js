// The arena's web page: watches the arena (pushed summaries: live matches, leaderboard, members)
// and lets a visitor log in as a player and play a match against the bots, all through the gateway.
'use strict';

const GATEWAY_URL = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/grain';
const WATCH_EVERY_MS = 10000;
const SIZE = 8;

const page = {
  gateway: null,
  player: null,          // the name we act as (a guest name while only watching)
  playing: false,        // logged in as a chosen player
  matchId: null,
  queuedAt: 0,
  heardAt: 0,
  movesSent: 0,
  watchTimer: null
};

const $ = id => document.getElementById(id);

function setStatus(text) {
  $('status').textContent = text;
}

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) {
    element.className = className;
  }
  return element;
}

// ---- connection ---------------------------------------------------------------------------------

async function connectAs(player) {
  if (page.gateway) {
    page.gateway.close();
  }
  clearInterval(page.watchTimer);
  const token = await login(player);
  const gateway = new Gateway(GATEWAY_URL, onPush, reason => {
    setStatus('connection lost: ' + reason + '; reconnecting…');
    setTimeout(() => connectAs(page.player).catch(e => setStatus('reconnect failed: ' + e.message)), 1000);
  });
  await gateway.connect(token);
  page.gateway = gateway;
  page.player = player;
  setStatus('connected to ' + GATEWAY_URL + ' as ' + player);
  const watch = () => gateway.call('player', {stringKey: player}, 'Watch', {}).catch(() => {});
  watch();
  page.watchTimer = setInterval(watch, WATCH_EVERY_MS);
  return gateway;
}

function onPush(observer, method, message) {
  if (observer === 'arena_events' && method === 'Summary') {
    renderSummary(message.summary || {});
  } else if (observer === 'match_events') {
    onMatchEvent(method, message);
  } else if (observer === 'lobby_events' && method === 'Line') {
    showChatLine(message.line || {});
  }
}

// ---- lobby chat ---------------------------------------------------------------------------------

const CHAT_LINES_SHOWN = 50;

function showChatLine(line) {
  const list = $('chat-lines');
  const item = document.createElement('li');
  item.append(text('b', line.player || '?'), document.createTextNode(' ' + (line.text || '')));
  list.append(item);
  while (list.children.length > CHAT_LINES_SHOWN) {
    list.firstElementChild.remove();
  }
}

async function say(event) {
  event.preventDefault();
  const input = $('chat-text');
  const line = input.value.trim();
  $('chat-error').textContent = '';
  if (!line || !page.playing) {
    return;
  }
  try {
    await page.gateway.call('player', {stringKey: page.player}, 'Say', {text: line});
    input.value = '';
  } catch (e) {
    $('chat-error').textContent = e.message; // e.g. too long, or too many lines: the line was not said
  }
}

// ---- watching -----------------------------------------------------------------------------------

function renderSummary(summary) {
  const matches = $('matches');
  matches.replaceChildren();
  const running = summary.matches || [];
  if (running.length === 0) {
    matches.append(text('p', 'no match running', 'empty'));
  }
  for (const match of running) {
    const card = document.createElement('div');
    card.className = 'match';
    card.dataset.matchId = match.matchId;
    card.dataset.tick = match.tick || 0;
    card.append(text('div', 'match ' + match.matchId + ' · tick ' + (match.tick || 0)));
    for (const f of match.fighters || []) {
      const fighter = text('span', f.player, 'fighter' + (f.health > 0 ? '' : ' fallen'));
      const hp = document.createElement('span');
      hp.className = 'hp';
      hp.style.width = (8 * (f.health || 0)) + 'px';
      fighter.append(hp);
      card.append(fighter);
    }
    matches.append(card);
  }
  $('finished').textContent = '(' + (summary.finished || 0) + ' finished while this page watched the arena)';
  const board = $('leaderboard').tBodies[0];
  board.replaceChildren();
  (summary.leaderboard || []).forEach((standing, i) => {
    const row = board.insertRow();
    row.append(text('td', i + 1), text('td', standing.player), text('td', standing.rating));
  });
  const members = $('members').tBodies[0];
  members.replaceChildren();
  // calls/s and latency per member, over the window since the previous summary (the member's grain.calls
  // timers); the cluster row sums the rates and shows the worst member's percentiles (percentiles do not add)
  const cluster = {activations: 0, calls: 0, rate: 0, p50: 0, p99: 0, connections: 0, pushes: 0};
  for (const m of summary.members || []) {
    const row = members.insertRow();
    row.append(text('td', m.member), text('td', m.activations || 0), text('td', m.calls || 0),
      text('td', (m.callsPerSecond || 0).toFixed(1)), text('td', (m.p50Millis || 0).toFixed(2)),
      text('td', (m.p99Millis || 0).toFixed(2)), text('td', m.connections || 0), text('td', m.pushes || 0),
      text('td', m.gateway || ''));
    cluster.activations += Number(m.activations || 0);
    cluster.calls += Number(m.calls || 0);
    cluster.rate += m.callsPerSecond || 0;
    cluster.p50 = Math.max(cluster.p50, m.p50Millis || 0);
    cluster.p99 = Math.max(cluster.p99, m.p99Millis || 0);
    cluster.connections += Number(m.connections || 0);
    cluster.pushes += Number(m.pushes || 0);
  }
  const foot = $('members').tFoot;
  foot.replaceChildren();
  const total = foot.insertRow();
  total.append(text('td', 'cluster'), text('td', cluster.activations), text('td', cluster.calls),
    text('td', cluster.rate.toFixed(1)), text('td', cluster.p50.toFixed(2)), text('td', cluster.p99.toFixed(2)),
    text('td', cluster.connections), text('td', cluster.pushes), text('td', ''));
  $('waiting').textContent = '(' + (summary.waiting || 0) + ' players waiting for a match)';
}

// ---- playing ------------------------------------------------------------------------------------

async function logInAsPlayer(event) {
  event.preventDefault();
  const name = $('player-name').value.trim();
  $('login-error').textContent = '';
  try {
    const gateway = await connectAs(name);
    const reply = await gateway.call('player', {stringKey: name}, 'Login', {});
    page.playing = true;
    showProfile(reply.result);
    $('login-form').hidden = true;
    $('game').hidden = false;
    $('chat-form').hidden = false;
    $('chat-hint').hidden = true;
  } catch (e) {
    $('login-error').textContent = e.message;
  }
}

function showProfile(profile) {
  $('me').textContent = profile.name;
  $('rating').textContent = profile.rating;
  const stats = profile.stats || {};
  $('record').textContent = (stats.matches || 0) + ' matches, ' + (stats.wins || 0) + ' wins, ' + (stats.kills || 0) + ' kills';
}

async function findMatch() {
  $('queue').disabled = true;
  $('game-status').textContent = 'waiting for a match…';
  page.matchId = null;
  try {
    await page.gateway.call('player', {stringKey: page.player}, 'Queue', {});
    page.queuedAt = Date.now();
  } catch (e) {
    $('game-status').textContent = 'could not queue: ' + e.message;
    $('queue').disabled = false;
  }
}

function onMatchEvent(method, message) {
  if (!page.playing) {
    return;
  }
  if (method === 'Started') {
    if ((message.players || []).includes(page.player)) {
      startMatch(message.matchId);
    }
  } else if ((method === 'Tick' || method === 'Ended') && message.view && message.view.matchId === page.matchId) {
    page.heardAt = Date.now();
    renderMatch(message.view);
    if (method === 'Ended') {
      endMatch(message.view);
    }
  }
}

function startMatch(matchId) {
  page.matchId = matchId;
  page.queuedAt = 0;
  page.heardAt = Date.now();
  page.movesSent = 0;
  $('moves-sent').textContent = '0';
  $('match-id').textContent = matchId;
  // the previous match's grid goes: this match shows once its first tick arrives
  $('grid').replaceChildren();
  $('arena').hidden = false;
  $('game-status').textContent = 'in a match: fight!';
}

function renderMatch(view) {
  $('tick').textContent = view.tick || 0;
  const grid = $('grid');
  grid.replaceChildren();
  const cells = [];
  for (let i = 0; i < SIZE * SIZE; i++) {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cells.push(cell);
    grid.append(cell);
  }
  for (const f of view.fighters || []) {
    const cell = cells[(f.y || 0) * SIZE + (f.x || 0)];
    const you = f.player === page.player;
    cell.className = 'cell ' + (f.health > 0 ? (you ? 'you' : 'foe') : 'down');
    cell.textContent = you ? 'you' : f.player.slice(0, 4);
    cell.title = f.player + ': health ' + (f.health || 0) + ', kills ' + (f.kills || 0);
  }
}

async function endMatch(view) {
  const ranking = view.ranking || [];
  const place = ranking.indexOf(page.player) + 1;
  page.matchId = null;
  $('game-status').textContent = 'match over: you placed ' + place + ' of ' + ranking.length
    + (place === 1 ? ' — you won an item!' : '') + ' (winner ' + ranking[0] + ')';
  $('queue').disabled = false;
  $('queue').textContent = 'Play again';
  try {
    const reply = await page.gateway.call('player', {stringKey: page.player}, 'Profile', {});
    showProfile(reply.result);
  } catch (e) {
    // the profile shows again after the next match
  }
}

async function move(direction, attack) {
  if (!page.matchId) {
    return;
  }
  try {
    await page.gateway.call('player', {stringKey: page.player}, 'Move',
      {matchId: page.matchId, move: {direction: direction || 'MOVE_DIRECTION_NONE', attack: !!attack}});
    page.movesSent++;
    $('moves-sent').textContent = page.movesSent;
  } catch (e) {
    $('game-status').textContent = 'move failed: ' + e.message;
  }
}

/** Pushes can be missed (a reconnect): ask for the assignment, or look at a silent match. */
async function lookAfterTheGame() {
  if (!page.playing || !page.gateway || !page.gateway.open) {
    return;
  }
  try {
    if (page.queuedAt && !page.matchId && Date.now() - page.queuedAt > 3000) {
      const reply = await page.gateway.call('player', {stringKey: page.player}, 'Assignment', {});
      if (reply.result && !page.matchId) {
        startMatch(reply.result);
      }
    } else if (page.matchId && Date.now() - page.heardAt > 3000) {
      const reply = await page.gateway.call('match', {longKey: page.matchId}, 'View', {});
      page.heardAt = Date.now();
      renderMatch(reply.result);
      if (reply.result.status !== 'MATCH_VIEW_STATUS_RUNNING') {
        endMatch(reply.result);
      }
    }
  } catch (e) {
    // tried again in a moment
  }
}

// ---- start --------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', logInAsPlayer);
  $('queue').addEventListener('click', findMatch);
  $('chat-form').addEventListener('submit', say);
  for (const button of document.querySelectorAll('#controls button')) {
    button.addEventListener('click', () => move(button.dataset.direction, button.dataset.attack === 'true'));
  }
  document.addEventListener('keydown', event => {
    const keys = {ArrowUp: 'MOVE_DIRECTION_NORTH', ArrowDown: 'MOVE_DIRECTION_SOUTH', ArrowLeft: 'MOVE_DIRECTION_WEST',
      ArrowRight: 'MOVE_DIRECTION_EAST'};
    if (page.matchId && event.target.tagName !== 'INPUT' && (keys[event.key] || event.key === ' ')) {
      event.preventDefault();
      move(keys[event.key], event.key === ' ');
    }
  });
  setInterval(lookAfterTheGame, 1000);
  const guest = 'guest-' + Math.random().toString(36).slice(2, 8);
  connectAs(guest).catch(e => setStatus('could not connect: ' + e.message));
});
