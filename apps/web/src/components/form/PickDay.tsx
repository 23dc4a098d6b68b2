import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDisplayDate } from '../../lib/dates';
import { formatDate } from '../../lib/format';

/**
 * A calendar to pick a day from, beside a field typed as dd/mm/yyyy: the browser's own date picker
 * (a phone's wheel, a desktop's month grid), whose choice is written into the field as dd/mm/yyyy. The
 * field keeps showing dd/mm/yyyy whatever the browser's language; the native input only picks.
 */
export function PickDay({ value, onPick, label, testId }: { value: string; onPick: (text: string) => void; label: string; testId?: string }) {
  const { t } = useTranslation();
  const native = useRef<HTMLInputElement>(null);
  const open = () => {
    const input = native.current;
    if (!input) return;
    // showPicker is the standard way (Chromium 99+, Firefox 101+, Safari 16+); where it is refused, a click opens it.
    try {
      input.showPicker();
    } catch {
      input.click();
    }
  };
  return (
    <span className="pick-day">
      <input
        ref={native}
        type="date"
        className="pick-day__native"
        tabIndex={-1}
        aria-hidden="true"
        value={parseDisplayDate(value) ?? ''}
        onChange={(e) => {
          if (e.target.value !== '') onPick(formatDate(e.target.value));
        }}
        data-testid={testId ? `${testId}-native` : undefined}
      />
      <button type="button" className="button button--secondary pick-day__button" onClick={open} data-testid={testId ? `${testId}-pick` : undefined}>
        <span aria-hidden="true">📅</span>
        <span className="visually-hidden">{t('dateField.pick', { label })}</span>
      </button>
    </span>
  );
}
