/**
 * The user's tinyscaffold settings (schema/plugin.json) as a typed object, and the `config`
 * object they become in each analyze request. Plain TS so it is testable without a lab.
 */
import { DEFAULT_DEBOUNCE_MS } from './controller';
import { JSONRecord, JSONValue, RULE_IDS } from '../api/types';

export type BadgePosition = 'prompt' | 'top-right';

export interface ITinyScaffoldSettings {
  enabled: boolean;
  debounceMs: number;
  showBadges: boolean;
  badgePosition: BadgePosition;
  showCliffs: boolean;
  showHints: boolean;
  /** Each badge also shows its cell's change against the panel's baseline. */
  showDelta: boolean;
  /** Overrides of server thresholds; only keys of tinyscaffold_server/core/config.py. */
  thresholds: JSONRecord;
  /** Rule id → on/off; missing ids keep the server's choice. */
  rules: Record<string, boolean>;
}

export const DEFAULT_SETTINGS: ITinyScaffoldSettings = {
  enabled: true,
  debounceMs: DEFAULT_DEBOUNCE_MS,
  showBadges: true,
  badgePosition: 'prompt',
  showCliffs: true,
  showHints: true,
  showDelta: false,
  thresholds: {},
  rules: {}
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read the composite settings defensively (the registry already validated the schema). */
export function parseSettings(
  composite: Record<string, unknown>
): ITinyScaffoldSettings {
  const read = <K extends keyof ITinyScaffoldSettings>(
    key: K,
    check: (value: unknown) => boolean
  ): ITinyScaffoldSettings[K] =>
    check(composite[key])
      ? (composite[key] as ITinyScaffoldSettings[K])
      : DEFAULT_SETTINGS[key];
  const isBoolean = (value: unknown) => typeof value === 'boolean';
  const rules: Record<string, boolean> = {};
  const rawRules = composite.rules;
  if (isRecord(rawRules)) {
    for (const id of RULE_IDS) {
      if (typeof rawRules[id] === 'boolean') {
        rules[id] = rawRules[id] as boolean;
      }
    }
  }
  return {
    enabled: read('enabled', isBoolean),
    debounceMs: read(
      'debounceMs',
      value => typeof value === 'number' && value >= 0
    ),
    showBadges: read('showBadges', isBoolean),
    badgePosition: read(
      'badgePosition',
      value => value === 'prompt' || value === 'top-right'
    ),
    showCliffs: read('showCliffs', isBoolean),
    showHints: read('showHints', isBoolean),
    showDelta: read('showDelta', isBoolean),
    thresholds: isRecord(composite.thresholds)
      ? (composite.thresholds as JSONRecord)
      : {},
    rules
  };
}

/**
 * The request `config`: threshold overrides plus `rules` when the user switched any.
 * The server validates keys (unknown key → 400, shown as a notice in the panel).
 */
export function requestConfig(settings: ITinyScaffoldSettings): JSONRecord {
  const config: JSONRecord = {};
  for (const [key, value] of Object.entries(settings.thresholds)) {
    if (key !== 'rules' && value !== undefined) {
      config[key] = value as JSONValue;
    }
  }
  const thresholdRules = settings.thresholds.rules;
  const rules: JSONRecord = isRecord(thresholdRules)
    ? { ...(thresholdRules as JSONRecord) }
    : {};
  Object.assign(rules, settings.rules);
  if (Object.keys(rules).length > 0) {
    config.rules = rules;
  }
  return config;
}
