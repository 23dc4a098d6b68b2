import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVINCE_SETTINGS } from '@chidao/domain';
import { formOfSettings, settingsOfForm, wholeBetween } from './provinceSettings';

describe('the province settings form', () => {
  it('shows the settings and gives them back as they were', () => {
    const settings = JSON.parse(JSON.stringify(DEFAULT_PROVINCE_SETTINGS)) as typeof DEFAULT_PROVINCE_SETTINGS;
    expect(settingsOfForm(formOfSettings(settings))).toEqual(settings);
    const never = { ...settings, quietHours: null, beforeDate: 'exclusive' as const };
    expect(formOfSettings(never)).toMatchObject({ quiet: false, quietFrom: '21:00', quietTo: '07:00', beforeDate: 'exclusive' });
    expect(settingsOfForm(formOfSettings(never))).toEqual(never);
    expect(settingsOfForm({ ...formOfSettings(settings), quietFrom: '22h', quietTo: '6:30' }).quietHours).toEqual({ from: '22:00', to: '06:30' });
  });

  it('reads only whole numbers typed, within the bounds', () => {
    const values = { ...formOfSettings(DEFAULT_PROVINCE_SETTINGS), acknowledgeWorkingDays: ' 3 ', escalateParentAfter: '1,5' };
    expect(settingsOfForm(values).acknowledgeWorkingDays).toBe(3);
    expect(settingsOfForm(values).escalation.parentAfterWorkingDays).toBeNaN();
    const rule = wholeBetween(0, 10);
    expect(['0', '10', ' 4'].map(rule)).toEqual([true, true, true]);
    expect(['11', '-1', '', 'ba', '2.5'].map(rule)).toEqual(Array(5).fill('provinceSettings.wholeBetween'));
  });
});
