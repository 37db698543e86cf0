import { fakeBrowser } from 'wxt/testing';
import type { SlotScripting } from '@/lib/background/strip-slot-registration';

type Script = Parameters<SlotScripting['registerContentScripts']>[0][number];

/**
 * An in-memory `browser.scripting` registry for Node (WXT's fake browser has none). It keeps
 * Chrome's rules that matter here: registering an id twice fails and registers nothing,
 * unregistering an unknown id fails, and a filter by ids lists only those.
 */
export class FakeScripting implements SlotScripting {
  readonly scripts = new Map<string, Script>();
  calls: string[] = [];
  /** Makes the next call fail (a browser refusing). */
  failNext = false;

  private check(name: string) {
    this.calls.push(name);
    if (this.failNext) {
      this.failNext = false;
      throw new Error(`${name} refused`);
    }
  }

  async getRegisteredContentScripts(filter?: { ids?: string[] }) {
    this.check('get');
    return [...this.scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
  }

  async registerContentScripts(scripts: Script[]) {
    this.check('register');
    await Promise.resolve();
    for (const s of scripts) {
      if (this.scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
    }
    for (const s of scripts) this.scripts.set(s.id, { ...s });
  }

  async unregisterContentScripts(filter?: { ids?: string[] }) {
    this.check('unregister');
    await Promise.resolve();
    const ids = filter?.ids ?? [...this.scripts.keys()];
    for (const id of ids)
      if (!this.scripts.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
    for (const id of ids) this.scripts.delete(id);
  }

  /** Installs it as `browser.scripting` of WXT's fake browser. */
  install(): this {
    const target = (fakeBrowser as unknown as { scripting: Record<string, unknown> }).scripting;
    target.getRegisteredContentScripts = this.getRegisteredContentScripts.bind(this);
    target.registerContentScripts = this.registerContentScripts.bind(this);
    target.unregisterContentScripts = this.unregisterContentScripts.bind(this);
    return this;
  }
}
