import {
  DEFAULT_SETTINGS,
  parseSettings,
  requestConfig
} from '../notebook/settings';

describe('settings', () => {
  it('falls back to defaults for missing or malformed values', () => {
    expect(parseSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ debounceMs: -1, badgePosition: 'left' })).toEqual(
      DEFAULT_SETTINGS
    );
  });

  it('sends threshold overrides and rule switches as the request config', () => {
    const settings = parseSettings({
      thresholds: { max_cell_sloc: 40, sloc_bands: [5, 20, 40] },
      rules: { 'cell-sloc': false, bogus: true }
    });
    expect(requestConfig(settings)).toEqual({
      max_cell_sloc: 40,
      sloc_bands: [5, 20, 40],
      rules: { 'cell-sloc': false }
    });
  });

  it('sends an empty config by default', () => {
    expect(requestConfig(DEFAULT_SETTINGS)).toEqual({});
  });
});
