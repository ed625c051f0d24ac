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

  /**
   * Follows a change to message `ts`: the parent or a reply is redrawn in place, a new reply is
   * appended (so a screen reader hears only what is new); without `ts`, the whole thread is drawn.
   */
  refresh(ts) {
    if (this.ts === undefined) return;
    const parent = this.messages.get(this.ts);
    if (!parent) {
      this.list.replaceChildren();
      this.title.textContent = 'Thread (the message is gone)';
      return;
    }
    const replies = [...this.messages.values()].filter((m) => m.threadTs === this.ts).sort((a, b) => compareTs(a.ts, b.ts));
    const name = this.ctx.user(parent.user)?.name ?? parent.user;
    this.title.textContent = `Thread: ${name}, ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    if (ts === undefined || !this.patch(ts)) {
      this.list.replaceChildren(messageView(parent, this.ctx, true), ...replies.map((m) => messageView(m, this.ctx, true)));
    }
    if (nearBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Redraws or appends one message of the open thread; false when only a full redraw will do. */
  patch(ts) {
    const message = this.messages.get(ts);
    const drawn = [...this.list.children].find((li) => li.dataset.ts === ts);
    if (!message) {
      drawn?.remove();
      return true;
    }
    if (ts !== this.ts && message.threadTs !== this.ts) return true;
    if (drawn) {
      drawn.replaceWith(messageView(message, this.ctx, true));
      return true;
    }
    const last = this.list.lastElementChild?.dataset.ts;
    if (!last || compareTs(last, ts) > 0) return false;
    this.list.append(messageView(message, this.ctx, true));
    return true;
  }
}
