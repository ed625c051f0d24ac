import type { WebClient } from '@slack/web-api';
import type { Logger } from './logger.js';
import { describe } from './thread.js';

export type UsergroupsPort = { usergroups: { users: Pick<WebClient['usergroups']['users'], 'list'> } };

const FRESH_MS = 5 * 60_000;

/**
 * Membership of the configured operator user groups (S…), read with `usergroups.users.list`
 * and kept for five minutes. A group that cannot be read grants nothing (deny by default).
 */
export class OperatorGroups {
  readonly #slack: UsergroupsPort;
  readonly #groups: readonly string[];
  readonly #logger: Logger;
  #members = new Map<string, { users: Set<string>; at: number }>();

  constructor(slack: UsergroupsPort, operators: readonly string[], logger: Logger) {
    this.#slack = slack;
    this.#groups = operators.filter((id) => id.startsWith('S'));
    this.#logger = logger;
  }

  async includes(user: string | undefined): Promise<boolean> {
    if (!user) return false;
    for (const group of this.#groups) if ((await this.#users(group)).has(user)) return true;
    return false;
  }

  async #users(group: string): Promise<Set<string>> {
    const cached = this.#members.get(group);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.users;
    try {
      const response = await this.#slack.usergroups.users.list({ usergroup: group });
      const users = new Set(response.users ?? []);
      this.#members.set(group, { users, at: Date.now() });
      return users;
    } catch (error) {
      this.#logger.warn(`cannot read user group ${group} (${describe(error)}); its members are not operators until it can be read`);
      return cached?.users ?? new Set();
    }
  }
}
