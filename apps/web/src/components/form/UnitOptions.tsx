import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { vietnamDay } from '../../lib/dates';
import { endedBy } from '../../lib/validity';

/**
 * The options of a select of one unit: first the empty choice (`none`), then each unit by name, a
 * unit that had ended by today with its last day ("đến 30/06/2025"): it may still be addressed by a
 * directive dated while it existed, and the preview judges that.
 */
export function UnitOptions({ none, units }: { none: string; units: readonly { readonly id: string; readonly name: string; readonly validTo?: string | undefined }[] }) {
  const { t } = useTranslation();
  const today = vietnamDay(new Date().toISOString())!;
  return (
    <>
      <option value="">{none}</option>
      {units.map((u) => {
        const lastDay = endedBy(u.validTo, today);
        return (
          <option key={u.id} value={u.id}>
            {lastDay === undefined ? u.name : `${u.name} (${t('validity.until', { date: formatDate(lastDay) })})`}
          </option>
        );
      })}
    </>
  );
}
