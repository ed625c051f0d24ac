import { compareTs, h } from './dom.js';
import { messageView } from './message-view.js';
import { ThreadPanel } from './thread-panel.js';

const messages = new Map();
let users = [];
let channel = { id: '', name: 'ops' };
const byId = (id) => document.getElementById(id);
const list = byId('messages');
const postAs = byId('post-as');

const ctx = {
  user: (id) => users.find((u) => u.id === id),
  me: () => users.find((u) => u.id === postAs.value) ?? { id: postAs.value, name: postAs.value },
  openThread: (ts, opener) => thread.open(ts, opener),
  react: (ts, name) => control('/_local/react', { user: postAs.value, name, timestamp: ts, channel: channel.id }, byId('composer-error')),
};
const thread = new ThreadPanel(ctx, messages);

/** Sends one control-surface request; shows Slack's error and hint when it is refused. */
async function control(path, body, errorBox) {
  errorBox.textContent = '';
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!answer.ok) errorBox.textContent = `Not sent: ${answer.error}${answer.hint ? ` (${answer.hint})` : ''}`;
    return answer.ok === true;
  } catch (error) {
    errorBox.textContent = `Not sent: the local Slack did not answer (${error.message}). Is it still running?`;
    return false;
  }
}

function topLevel() {
  return [...messages.values()].filter((m) => !m.threadTs).sort((a, b) => compareTs(a.ts, b.ts));
}

/** How many of the latest top-level messages are drawn; "Show earlier messages" draws more. */
const PAGE = 300;
let shown = PAGE;

/** Draws the latest `shown` top-level messages (a long channel stays fast to open). */
function drawChannel() {
  const all = topLevel();
  const visible = all.slice(-shown);
  const earlier = all.length - visible.length;
  const more = earlier > 0
    ? h('li', { class: 'earlier' }, h('button', { type: 'button', onclick: () => { shown += PAGE; drawChannel(); } }, `Show earlier messages (${earlier} more)`))
    : null;
  list.replaceChildren(...[more, ...visible.map((m) => messageView(m, ctx))].filter(Boolean));
}

function nearBottom() {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 120;
}

/** Puts one top-level message in place: replaced where it is, or inserted in ts order. */
function placeMessage(message) {
  const stick = nearBottom();
  const fresh = messageView(message, ctx);
  const old = list.querySelector(`li[data-ts="${window.CSS.escape(message.ts)}"]`);
  const last = list.lastElementChild?.dataset.ts;
  if (old) old.replaceWith(fresh);
  else if (!last || compareTs(last, message.ts) < 0) list.append(fresh);
  else {
    const next = [...list.children].find((li) => li.dataset.ts && compareTs(li.dataset.ts, message.ts) > 0);
    // Older than everything drawn: it belongs behind "Show earlier messages".
    if (next !== list.querySelector('li[data-ts]') || !list.querySelector('li.earlier')) list.insertBefore(fresh, next ?? null);
  }
  if (stick) list.scrollTop = list.scrollHeight;
}

function renderPins() {
  const pinned = [...messages.values()].filter((m) => m.pinned).sort((a, b) => compareTs(a.ts, b.ts));
  byId('pin-count').textContent = String(pinned.length);
  byId('pins-empty').hidden = pinned.length > 0;
  byId('pins-list').replaceChildren(...pinned.map((m) => h('li', {},
    h('button', { type: 'button', onclick: (event) => showMessage(m, event.currentTarget) },
      `${ctx.user(m.user)?.name ?? m.user}: ${m.text.split('\n')[0].slice(0, 120)}`))));
}

function showMessage(message, opener) {
  if (message.threadTs) return thread.open(message.threadTs, opener);
  const li = list.querySelector(`li[data-ts="${window.CSS.escape(message.ts)}"]`);
  li?.scrollIntoView({ block: 'center' });
  li?.focus();
}

function applyState(state) {
  channel = state.channel;
  users = state.users;
  document.title = `#${channel.name} · ${state.team} local Slack`;
  byId('channel-name').textContent = `#${channel.name}`;
  byId('message-text').placeholder = `Message #${channel.name}`;
  fillPeople();
  messages.clear();
  for (const m of state.messages) messages.set(m.ts, m);
  shown = PAGE;
  drawChannel();
  list.scrollTop = list.scrollHeight;
  renderPins();
  thread.refresh();
  openFromPermalink();
}

function applyEvent(event) {
  if (event.type === 'reset') {
    messages.clear();
    list.replaceChildren();
    thread.refresh();
    return renderPins();
  }
  if (event.channel !== channel.id) return;
  const changed = event.type === 'delete' ? [event.parent].filter(Boolean) : event.messages;
  if (event.type === 'delete') {
    messages.delete(event.ts);
    list.querySelector(`li[data-ts="${window.CSS.escape(event.ts)}"]`)?.remove();
    thread.refresh(event.ts);
  }
  for (const m of changed) {
    messages.set(m.ts, m);
    if (!m.threadTs) placeMessage(m);
    thread.refresh(m.ts);
  }
  renderPins();
}

function fillPeople() {
  const wanted = new URL(window.location.href).searchParams.get('as') ?? postAs.value ?? 'alice';
  const people = users.filter((u) => !u.isBot);
  postAs.replaceChildren(...people.map((u) => h('option', { value: u.id }, `${u.name}${u.realName && u.realName !== u.name ? ` (${u.realName})` : ''}`)));
  const chosen = people.find((u) => u.id === wanted || u.name === wanted) ?? people[0];
  if (chosen) postAs.value = chosen.id;
  byId('reply-as').textContent = ctx.me().name;
}

/** `/archives/C…/p1700000000000100` opens that message (its thread when it has one). */
function openFromPermalink() {
  const match = /^\/archives\/[A-Z0-9]+\/p(\d+)(\d{6})$/.exec(window.location.pathname);
  const message = match ? messages.get(`${match[1]}.${match[2]}`) : undefined;
  if (message) showMessage(message.threadTs ? message : { ...message, threadTs: message.replyCount > 0 ? message.ts : undefined });
}

function connect() {
  const status = byId('status');
  const query = new URL(window.location.href).searchParams.get('channel');
  const source = new EventSource(`/web/events${query ? `?channel=${encodeURIComponent(query)}` : ''}`);
  source.addEventListener('state', (event) => {
    applyState(JSON.parse(event.data));
    status.textContent = 'live';
  });
  source.onmessage = (event) => applyEvent(JSON.parse(event.data));
  source.onerror = () => {
    status.textContent = 'reconnecting…';
  };
}

function composer(form, textarea, errorBox, threadTs) {
  const send = async () => {
    const text = textarea.value.trim();
    if (!text) return;
    const body = { user: postAs.value, text, channel: channel.id, ...(threadTs() ? { thread_ts: threadTs() } : {}) };
    if (await control('/_local/post', body, errorBox)) textarea.value = '';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  });
}

composer(byId('composer'), byId('message-text'), byId('composer-error'), () => undefined);
composer(byId('reply-composer'), byId('reply-text'), byId('reply-error'), () => thread.ts);
postAs.addEventListener('change', () => {
  byId('reply-as').textContent = ctx.me().name;
  drawChannel();
  thread.refresh();
});
const pinsPanel = byId('pins-panel');
const pinsToggle = byId('pins-toggle');
const togglePins = (open) => {
  pinsPanel.hidden = !open;
  pinsToggle.setAttribute('aria-expanded', String(open));
  if (!open) pinsToggle.focus();
};
pinsToggle.addEventListener('click', () => togglePins(pinsPanel.hidden));
byId('pins-close').addEventListener('click', () => togglePins(false));
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  if (!byId('thread-panel').hidden) thread.close();
  else if (!pinsPanel.hidden) togglePins(false);
});
connect();
