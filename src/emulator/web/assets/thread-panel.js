import { compareTs } from './dom.js';
import { messageView } from './message-view.js';

/** The thread side panel: the parent and its replies, live; Escape or × closes it. */
export class ThreadPanel {
  constructor(ctx, messages) {
    this.ctx = ctx;
    this.messages = messages;
    this.ts = undefined;
    this.opener = undefined;
    this.panel = document.getElementById('thread-panel');
    this.list = document.getElementById('thread-messages');
    this.title = document.getElementById('thread-title');
    document.getElementById('thread-close').addEventListener('click', () => this.close());
  }

  open(ts, opener) {
    this.ts = ts;
    this.opener = opener;
    this.panel.hidden = false;
    this.refresh();
    this.title.focus();
  }

  close() {
    if (this.ts === undefined) return;
    this.ts = undefined;
    this.panel.hidden = true;
    this.list.replaceChildren();
    if (this.opener?.isConnected) this.opener.focus();
  }

  /** Redraws the open thread when `ts` (a message that changed) belongs to it, or always without `ts`. */
  refresh(ts) {
    if (this.ts === undefined) return;
    const parent = this.messages.get(this.ts);
    if (ts !== undefined && ts !== this.ts && this.messages.get(ts)?.threadTs !== this.ts && parent) return;
    if (!parent) {
      this.list.replaceChildren();
      this.title.textContent = 'Thread (the message is gone)';
      return;
    }
    const replies = [...this.messages.values()].filter((m) => m.threadTs === this.ts).sort((a, b) => compareTs(a.ts, b.ts));
    const name = this.ctx.user(parent.user)?.name ?? parent.user;
    this.title.textContent = `Thread: ${name}, ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    this.list.replaceChildren(messageView(parent, this.ctx, true), ...replies.map((m) => messageView(m, this.ctx, true)));
    if (nearBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}
