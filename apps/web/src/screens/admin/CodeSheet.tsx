import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../api';
import { ListTable } from '../../components/Table';
import { formatDateTime } from '../../lib/format';

type Sheet = Outputs['admin']['sendCode']['sheet'];

/**
 * The printable sheet of activation codes the administrator hands out: one row a person. The codes
 * are shown this once (the server keeps only their hashes); leaving the sheet loses them, and a new
 * code must be made.
 */
export function CodeSheet({ sheet, onClose }: { sheet: Sheet; onClose: () => void }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}/#/activate`;
  return (
    <section className="page code-sheet" aria-labelledby="page-title" data-testid="code-sheet">
      <h1 id="page-title" tabIndex={-1}>
        {t('admin.sheet.title')}
      </h1>
      <p>{t('admin.sheet.hint', { url })}</p>
      <p className="no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          {t('admin.sheet.print')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('admin.sheet.close')}
        </button>
      </p>
      <ListTable className="children" caption={t('admin.sheet.title')} columns={[t('admin.columns.person'), t('admin.columns.unit'), t('admin.sheet.code'), t('admin.sheet.expires')]}>
        {sheet.map((s) => (
          <tr key={s.username} data-testid="code-sheet-row" data-username={s.username}>
            <PersonCells displayName={s.displayName} username={s.username} unitName={s.unitName} />
            <td data-label={t('admin.sheet.code')} className="code-sheet__code" data-testid="code-sheet-code">
              {s.code}
            </td>
            <td data-label={t('admin.sheet.expires')}>{formatDateTime(s.expiresAt)}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

/** The first cells of an account's row, in both administration tables: the person (name, then username) and their unit. */
export function PersonCells({ displayName, username, unitName }: { displayName: string; username: string; unitName: string }) {
  const { t } = useTranslation();
  return (
    <>
      <th scope="row">
        {displayName}
        <br />
        <span className="muted">{username}</span>
      </th>
      <td data-label={t('admin.columns.unit')}>{unitName}</td>
    </>
  );
}
