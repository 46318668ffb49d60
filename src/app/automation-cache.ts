/**
 * Each workspace's enabled automations with their templates compiled once, cached per config
 * version: the intake statement that stores events also reads the workspace's version, so a change
 * made by any process is seen by the next batch, and a template is parsed and compiled once per
 * change instead of once per event.
 */
import { compileTemplate, parseTemplate, type CompiledTemplate } from '../domain/index.js';
import type { AutomationRecord, TemplateRecord } from './records.js';

export interface ReadyAutomation {
  automation: AutomationRecord;
  template: TemplateRecord;
  /** Null when the stored template does not parse (then its messages fail with the reason). */
  compiled: CompiledTemplate | null;
  parseError: string | null;
}

type Loader = () => Promise<{ version: number; items: { automation: AutomationRecord; template: TemplateRecord }[] }>;

export interface AutomationCache {
  /** Enabled automations of the trigger, loading them when the cached version is not `version`. */
  forTrigger(workspaceId: string, version: number, trigger: string, load: Loader): Promise<ReadyAutomation[]>;
}

/** A cache bounded to `maxWorkspaces` (least recently used leave first). */
export function createAutomationCache(maxWorkspaces = 1000): AutomationCache {
  const entries = new Map<string, { version: number; byTrigger: Map<string, ReadyAutomation[]> }>();
  return {
    async forTrigger(workspaceId, version, trigger, load) {
      let entry = entries.get(workspaceId);
      if (!entry || entry.version !== version) {
        const loaded = await load();
        const byTrigger = new Map<string, ReadyAutomation[]>();
        for (const { automation, template } of loaded.items) {
          const parsed = parseTemplate(template.message);
          const ready: ReadyAutomation = parsed.errors.length > 0
            ? { automation, template, compiled: null, parseError: parsed.errors[0]!.code }
            : { automation, template, compiled: compileTemplate(parsed), parseError: null };
          byTrigger.set(automation.trigger, [...(byTrigger.get(automation.trigger) ?? []), ready]);
        }
        entry = { version: loaded.version, byTrigger };
      }
      // Map order is insertion order: re-inserting marks the entry as recently used.
      entries.delete(workspaceId);
      entries.set(workspaceId, entry);
      if (entries.size > maxWorkspaces) entries.delete(entries.keys().next().value!);
      return entry.byTrigger.get(trigger) ?? [];
    },
  };
}
