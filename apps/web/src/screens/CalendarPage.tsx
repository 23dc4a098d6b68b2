import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CalendarYear } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Field, Form } from '../components/form/Field';
import { FormActions } from '../components/form/FormActions';
import { formatDayList, parseDayList, weekdayOf } from '../lib/calendar';
import { parseDisplayDate, vietnamDay } from '../lib/dates';
import { formatDate } from '../lib/format';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';


/** This year in Việt Nam. */
const thisYear = () => Number(vietnamDay(new Date().toISOString())!.slice(0, 4));

/**
 * The working-day calendar of a year: its days off and Saturdays worked, whether they were announced
 * (and by which document) or computed by the Labour Code's rule. The system administrator corrects a
 * year from the announcement here; every deadline computed afterwards uses it, and running tasks
 * whose window the year touches are re-planned.
 */
export function CalendarPage({ year: asked, mayKeep }: { year: number | null; mayKeep: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const year = asked ?? thisYear();
  const query = useQuery(trpc.calendar.year.queryOptions({ year }));
  return (
    <section className="page" aria-labelledby="page-title" data-testid="calendar-page" data-year={year}>
      <h1 id="page-title" tabIndex={-1}>
        {t('calendar.title', { year })}
      </h1>
      <nav className="button-row" aria-label={t('calendar.years')}>
        <a className="button button--secondary" href={hrefFor({ name: 'calendar', year: year - 1 })} data-testid="calendar-previous">
          ← {year - 1}
        </a>
        <a className="button button--secondary" href={hrefFor({ name: 'calendar', year: year + 1 })} data-testid="calendar-next">
          {year + 1} →
        </a>
      </nav>
      {query.isPending ? <Loading /> : query.isError ? <ErrorNotice error={query.error} /> : <YearView view={query.data} />}
      {mayKeep && query.data ? <YearForm key={year} view={query.data} /> : null}
    </section>
  );
}

function YearView({ view }: { view: CalendarYear }) {
  const { t } = useTranslation();
  const day = (d: string) => (
    <tr key={d}>
      <td>{formatDate(d)}</td>
      <td>{t(`calendar.weekdays.${weekdayOf(d)}` as 'calendar.weekdays.0')}</td>
    </tr>
  );
  return (
    <>
      <p className={`notice ${view.status === 'announced' ? 'notice--success' : ''}`} data-testid="calendar-status" data-status={view.status}>
        {view.status === 'announced' ? t('calendar.announced') : t('calendar.computed')}
        {view.status === 'announced' ? (
          <>
            {' '}
            <span data-testid="calendar-source">
              {view.source
                ? t('calendar.source', { number: view.source.number, date: view.source.date ? t('calendar.sourceDate', { date: formatDate(view.source.date) }) : '', issuer: view.source.issuer })
                : t('calendar.noSource')}
            </span>
          </>
        ) : null}
      </p>
      {view.note ? <p data-testid="calendar-note">{view.note}</p> : null}
      <div className="table-wrap">
        <table className="table" data-testid="calendar-days-off">
          <caption>{t('calendar.daysOff', { n: view.daysOff.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calendar.date')}</th>
              <th scope="col">{t('calendar.weekday')}</th>
            </tr>
          </thead>
          <tbody>{view.daysOff.map(day)}</tbody>
        </table>
      </div>
      <h2>{t('calendar.workingWeekends')}</h2>
      {view.workingWeekends.length === 0 ? (
        <p>{t('calendar.noWorkingWeekends')}</p>
      ) : (
        <ul data-testid="calendar-working-weekends">
          {view.workingWeekends.map((d) => (
            <li key={d}>
              {t(`calendar.weekdays.${weekdayOf(d)}` as 'calendar.weekdays.0')} {formatDate(d)}
            </li>
          ))}
        </ul>
      )}
      {view.fixedHolidays.length > 0 ? (
        <>
          <h2>{t('calendar.fixedHolidays')}</h2>
          <ul>
            {view.fixedHolidays.map((f) => (
              <li key={`${f.monthDay}@${f.fromYear}`}>
                {f.monthDay.split('-').reverse().join('/')}: {f.name} ({f.basis})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

interface YearValues {
  daysOff: string;
  workingWeekends: string;
  number: string;
  documentDate: string;
  issuer: string;
  note: string;
}

/** The system administrator's form: the year's whole list as announced, and the document. */
function YearForm({ view }: { view: CalendarYear }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // The year as stored, again after each save (the query is refetched): the form follows it.
  const values = useMemo<YearValues>(
    () => ({
      daysOff: formatDayList(view.daysOff),
      workingWeekends: formatDayList(view.workingWeekends),
      number: view.source?.number ?? '',
      documentDate: view.source?.date ? formatDate(view.source.date) : '',
      issuer: view.source?.issuer ?? '',
      note: view.note ?? '',
    }),
    [view],
  );
  const form = useForm<YearValues>({ values });
  const save = useMutation(trpc.calendar.setYear.mutationOptions());
  const days = (text: string) => {
    const { bad } = parseDayList(text);
    return bad.length === 0 || t('calendar.badDays', { days: bad.join(', ') });
  };
  const onSubmit = (values: YearValues) => {
    if (save.isPending) return;
    const number = values.number.trim();
    const issuer = values.issuer.trim();
    save.mutate({
      year: view.year,
      daysOff: parseDayList(values.daysOff).dates,
      workingWeekends: parseDayList(values.workingWeekends).dates,
      source: number && issuer ? { number, issuer, date: parseDisplayDate(values.documentDate) } : null,
      note: values.note.trim() || null,
    });
  };
  return (
    <section className="card" aria-labelledby="calendar-edit" data-testid="calendar-form">
      <h2 id="calendar-edit" className="card__title">
        {t('calendar.edit')}
      </h2>
      <p className="hint">{t('calendar.editHint')}</p>
      {save.isSuccess ? (
        <p className="notice notice--success" role="status" data-testid="calendar-saved">
          {t('calendar.saved', { year: view.year })}
        </p>
      ) : null}
      <Form form={form} onSubmit={onSubmit}>
        <Field<YearValues> name="daysOff" label={t('calendar.field.daysOff')} rules={{ validate: days }}>
          {(control) => <textarea {...control} rows={8} data-testid="calendar-days-off-input" />}
        </Field>
        <Field<YearValues> name="workingWeekends" label={t('calendar.field.workingWeekends')} rules={{ validate: days }}>
          {(control) => <textarea {...control} rows={2} data-testid="calendar-working-weekends-input" />}
        </Field>
        <Field<YearValues> name="number" label={t('calendar.field.number')} rules={{ maxLength: 100 }}>
          {(control) => <input {...control} data-testid="calendar-number" />}
        </Field>
        <Field<YearValues>
          name="documentDate"
          label={t('calendar.field.documentDate')}
          rules={{ validate: (v) => v.trim() === '' || parseDisplayDate(v) !== null || 'dateField.invalid' }}
        >
          {(control) => <input {...control} inputMode="numeric" data-testid="calendar-document-date" />}
        </Field>
        <Field<YearValues> name="issuer" label={t('calendar.field.issuer')} rules={{ maxLength: 200 }}>
          {(control) => <input {...control} data-testid="calendar-issuer" />}
        </Field>
        <Field<YearValues> name="note" label={t('calendar.field.note')} rules={{ maxLength: 1000 }}>
          {(control) => <textarea {...control} rows={2} />}
        </Field>
        <FormActions submitLabel={t('calendar.save', { year: view.year })} pendingLabel={t('calendar.saving')} pending={save.isPending} error={save.error} />
      </Form>
    </section>
  );
}
