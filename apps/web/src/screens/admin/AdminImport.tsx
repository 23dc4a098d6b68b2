import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../api';
import { DownloadFile } from '../../components/DownloadFile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ListTable } from '../../components/Table';
import { formatNumber } from '../../lib/format';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { CodeSheet } from './CodeSheet';
import { uploadOf } from '../../lib/files';

/** What the server reads (TABLE_LIMITS in @chidao/intake): a roster of a province is far smaller. */
const FILE_MAX_BYTES = 1024 * 1024;

type Plan = Outputs['admin']['importPreview'];
type Picked = { name: string; base64: string };

/**
 * "Nhập danh sách tài khoản": the template to download, a file chosen and checked (the dry run: every
 * row's outcome, every error by row and column; nothing is written), then the import, all or nothing,
 * with activation codes mailed or printed. The same file again changes nothing.
 */
export function AdminImport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const ids = { file: useId(), delivery: useId() };
  const [file, setFile] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [delivery, setDelivery] = useState<'email' | 'sheet'>('email');
  const [closedSheet, setClosedSheet] = useState(false);
  const preview = useMutation(trpc.admin.importPreview.mutationOptions());
  const apply = useMutation(trpc.admin.importApply.mutationOptions({ onSuccess: () => setClosedSheet(false) }));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    e.target.value = '';
    setFileError(null);
    apply.reset();
    if (!chosen) return;
    if (!/\.(xlsx|csv)$/i.test(chosen.name)) return setFileError(t('admin.import.fileType'));
    if (chosen.size > FILE_MAX_BYTES) return setFileError(t('admin.import.fileTooLarge', { size: formatNumber(FILE_MAX_BYTES / 1024) }));
    const picked = await uploadOf(chosen);
    setFile(picked);
    preview.mutate({ file: picked });
  };

  if (apply.data && apply.data.sheet.length > 0 && !closedSheet) return <CodeSheet sheet={apply.data.sheet} onClose={() => setClosedSheet(true)} />;
  const plan: Plan | undefined = apply.data ?? preview.data;
  const changing = plan ? plan.counts.create + plan.counts.update : 0;
  return (
    <div className="page admin-page">
      <p className="no-print">
        <a href={hrefFor({ name: 'admin' })}>{t('admin.title')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('admin.import.title')}
      </h1>
      <p>{t('admin.import.intro')}</p>
      <p>
        <DownloadFile request={{ name: 'rosterTemplate', query: {} }} label={t('admin.import.template')} />
      </p>
      <div className="field">
        <label htmlFor={ids.file}>{t('admin.import.file')}</label>
        <input id={ids.file} type="file" accept=".xlsx,.csv" onChange={(e) => void onFile(e)} data-testid="roster-file" />
      </div>
      {fileError ? (
        <p className="notice notice--error" role="alert">
          {fileError}
        </p>
      ) : null}
      {preview.isPending ? <p role="status">{t('admin.import.checking')}</p> : null}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {apply.data ? (
        <p className="notice notice--success" role="status" data-testid="roster-done">
          {changing === 0 ? t('admin.import.nothing') : null} {t('admin.import.done', { ...apply.data.counts, mailed: apply.data.mailed })}
        </p>
      ) : null}
      {plan ? <PlanView plan={plan} /> : null}
      {plan && !apply.data && plan.errors.length === 0 && changing > 0 && file ? (
        <fieldset className="field">
          <legend>{t('admin.import.delivery')}</legend>
          <label className="field--checkbox">
            <input type="radio" name={ids.delivery} checked={delivery === 'email'} onChange={() => setDelivery('email')} /> {t('admin.import.deliveryEmail')}
          </label>
          <label className="field--checkbox">
            <input type="radio" name={ids.delivery} checked={delivery === 'sheet'} onChange={() => setDelivery('sheet')} /> {t('admin.import.deliverySheet')}
          </label>
          <p>
            <button type="button" className="button button--primary" disabled={apply.isPending} onClick={() => apply.mutate({ file, delivery })} data-testid="roster-apply">
              {apply.isPending ? t('admin.import.applying') : t('admin.import.apply', { count: changing })}
            </button>
          </p>
        </fieldset>
      ) : null}
      {plan && !apply.data && plan.errors.length === 0 && changing === 0 ? (
        <p className="notice" role="status" data-testid="roster-nothing">
          {t('admin.import.nothing')}
        </p>
      ) : null}
      {apply.error ? <ErrorNotice error={apply.error} /> : null}
    </div>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('admin.import.rowsCaption')} data-testid="roster-plan">
      <p data-testid="roster-summary">{t('admin.import.summary', plan.counts)}</p>
      {plan.errors.length > 0 ? (
        <div className="notice notice--error" data-testid="roster-errors">
          <h2>{t('admin.import.errorsTitle', { count: plan.errors.length })}</h2>
          <p>{t('admin.import.fixFirst')}</p>
          <ul>
            {plan.errors.map((e, i) => (
              <li key={i} data-testid="roster-error" data-row={e.row}>
                {t('admin.import.errorLine', { row: e.row, column: e.column, message: t(`admin.import.errors.${e.code as 'REQUIRED'}`, { value: e.value ?? '' }) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ListTable
        className="children admin__table"
        caption={t('admin.import.rowsCaption')}
        columns={[t('admin.import.columns.row'), t('admin.import.columns.username'), t('admin.import.columns.person'), t('admin.import.columns.unit'), t('admin.import.columns.outcome')]}
      >
        {plan.rows.map((r) => (
          <tr key={r.row} data-testid="roster-row" data-outcome={r.outcome}>
            <th scope="row">{r.row}</th>
            <td data-label={t('admin.import.columns.username')}>{r.username}</td>
            <td data-label={t('admin.import.columns.person')}>{r.displayName ?? '—'}</td>
            <td data-label={t('admin.import.columns.unit')}>{r.unitName ?? '—'}</td>
            <td data-label={t('admin.import.columns.outcome')}>{t(`admin.import.outcome.${r.outcome}`)}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
