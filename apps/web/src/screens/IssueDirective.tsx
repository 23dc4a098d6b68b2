import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  useController,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type UseFormGetValues,
  type UseFormRegister,
  type UseFormSetValue,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Icon } from '../components/Icon';
import { vietnamDay } from '../lib/dates';
import { domainCodeOf } from '../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import {
  blankForm,
  definitionFromForm,
  fieldOfProblem,
  formFromDraft,
  GROUP_KINDS,
  HANDLING_ROLES,
  levelPresets,
  quote,
  suggestMetrics,
  WEEKDAYS,
  type Definition,
  type Draft,
  type FormProblem,
  type GroupKind,
  type GroupValue,
  type IssueFormValues,
  type IssueOptions,
  type ParseResult,
  type Preview,
  type Span,
  type UnitOption,
} from '../lib/issue';
import { hrefFor } from '../lib/route';
import { useTRPC } from '../trpc';

/** An upload larger than this is refused before it is sent (the API's own limit). */
const FILE_MAX_BYTES = 256 * 1024;

type Step = 'source' | 'form' | 'preview';

/** Where the form's content comes from: a dispatch read by intake, or a blank form ("Soạn mới"). */
type Start = { readonly kind: 'parsed'; readonly parsed: ParseResult } | { readonly kind: 'blank'; readonly options: IssueOptions };

/**
 * "Ban hành văn bản chỉ đạo": paste or upload a dispatch and correct the draft read from it (each
 * field quoting the text it came from), or write one on a blank form; preview who receives it and
 * by when, then issue it.
 */
export function IssueDirective() {
  const { t } = useTranslation();
  const [start, setStart] = useState<Start | null>(null);
  const [step, setStep] = useState<Step>('source');
  return (
    <div className="page issue">
      <h1 id="page-title" tabIndex={-1}>
        {t('issue.title')}
      </h1>
      <ol className="steps" aria-label={t('issue.stepsLabel')}>
        {(['source', 'form', 'preview'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {t(`issue.steps.${s}`)}
          </li>
        ))}
      </ol>
      <div hidden={step !== 'source'}>
        <BlankStart
          onStart={(options) => {
            // Back from a blank form and "Soạn mới" again: the same form, as it was left.
            if (start?.kind !== 'blank') setStart({ kind: 'blank', options });
            setStep('form');
          }}
        />
        <SourceStep
          onParsed={(parsed) => {
            setStart({ kind: 'parsed', parsed });
            setStep('form');
          }}
        />
      </div>
      {start?.kind === 'parsed' ? (
        <DraftForm
          key={`parsed:${start.parsed.source}`}
          source={start.parsed.source}
          draft={start.parsed.draft}
          units={start.parsed.units}
          defaults={formFromDraft(start.parsed.draft)}
          step={step}
          setStep={setStep}
        />
      ) : null}
      {start?.kind === 'blank' ? (
        <DraftForm
          key="blank"
          source={null}
          draft={null}
          units={start.options.units}
          defaults={blankForm({ place: start.options.place, today: vietnamDay(new Date().toISOString())! })}
          step={step}
          setStep={setStep}
        />
      ) : null}
    </div>
  );
}

/** "Soạn mới": a blank form, with the units the issuer may address loaded for its pickers. */
function BlankStart({ onStart }: { onStart: (options: IssueOptions) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const options = useQuery(trpc.directives.issueOptions.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.blank.title')}
      </h2>
      <p className="hint">{t('issue.blank.hint')}</p>
      {options.isError ? <ErrorNotice error={options.error} onRetry={() => void options.refetch()} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={!options.isSuccess}
          onClick={() => (options.data ? onStart(options.data) : undefined)}
          data-testid="issue-blank"
        >
          {options.isPending ? t('app.loading') : t('issue.blank.start')}
        </button>
      </div>
    </section>
  );
}

function SourceStep({ onParsed }: { onParsed: (result: ParseResult) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const parse = useMutation(trpc.intake.parse.mutationOptions({ onSuccess: onParsed }));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFileError(null);
    if (!file) return;
    if (!/\.(txt|md|docx)$/i.test(file.name)) return setFileError(t('issue.source.fileType'));
    if (file.size > FILE_MAX_BYTES) return setFileError(t('issue.source.fileTooLarge', { size: formatNumber(Math.round(FILE_MAX_BYTES / 1024)) }));
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    parse.mutate({ file: { name: file.name, base64: btoa(binary) } });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') parse.mutate({ text });
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.source.title')}
      </h2>
      <p className="hint">{t('issue.source.hint')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('issue.source.paste')}</label>
          <textarea id={`${id}-text`} rows={12} className="issue__source" value={text} onChange={(e) => setText(e.target.value)} data-testid="issue-source" />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={parse.isPending || text.trim() === ''} data-testid="issue-read">
            {parse.isPending ? t('issue.source.reading') : t('issue.source.read')}
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('issue.source.upload')}</label>
          <input id={`${id}-file`} type="file" accept=".txt,.md,.docx" onChange={(e) => void onFile(e)} data-testid="issue-file" />
          {fileError ? (
            <p className="field__error">
              <Icon name="alert" /> {fileError}
            </p>
          ) : null}
        </div>
      </form>
      {parse.isError ? <ErrorNotice error={parse.error} /> : null}
    </section>
  );
}

const unitName = (units: readonly UnitOption[], id: string) => units.find((u) => u.id === id)?.name ?? id;

interface DraftFormProps {
  /** The dispatch's text, for the quotes under the fields; null for a blank form. */
  source: string | null;
  draft: Draft | null;
  units: readonly UnitOption[];
  defaults: IssueFormValues;
  step: Step;
  setStep: (s: Step) => void;
}

function DraftForm({ source, draft, units, defaults, step, setStep }: DraftFormProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const spans = draft?.spans ?? null;
  const form = useForm<IssueFormValues>({ defaultValues: defaults });
  const { register, control, handleSubmit, setValue, getValues } = form;
  const [formProblems, setFormProblems] = useState<FormProblem[]>([]);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [suggested, setSuggested] = useState<{ metrics: number; rates: number } | null>(null);
  const preview = useMutation(trpc.directives.preview.mutationOptions());
  const issue = useMutation(
    trpc.directives.issue.mutationOptions({
      onSuccess: (result) => {
        window.location.hash = hrefFor({ name: 'directive', directiveId: result.directiveId, trail: [] });
      },
    }),
  );
  const recipients = useFieldArray({ control, name: 'recipients' });
  const tasks = useFieldArray({ control, name: 'tasks' });
  const targets = useFieldArray({ control, name: 'targets' });
  const deadlines = useFieldArray({ control, name: 'deadlines' });
  const metrics = useFieldArray({ control, name: 'metrics' });
  const rates = useFieldArray({ control, name: 'rates' });
  const ackType = useWatch({ control, name: 'ackType' });
  const reportType = useWatch({ control, name: 'reportType' });
  const progressType = useWatch({ control, name: 'progressType' });
  const metricRows = useWatch({ control, name: 'metrics' });
  const problemsRef = useRef<HTMLDivElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);

  const serverProblems = preview.data?.problems ?? [];
  const errorOf = (field: string): string | null => {
    const own = formProblems.find((p) => p.field === field);
    if (own) return t(`issue.formProblem.${own.code}`);
    const server = serverProblems.find((p) => fieldOfProblem(p.path) === field);
    return server ? t(`issue.problem.${server.code}`) : null;
  };

  const toPreview = handleSubmit((values) => {
    const built = definitionFromForm(values, source);
    if (!built.ok) {
      setFormProblems(built.problems);
      problemsRef.current?.focus();
      return;
    }
    setFormProblems([]);
    setDefinition(built.definition);
    issue.reset();
    preview.mutate(built.definition, {
      onSuccess: (result) => {
        if (result.problems.length === 0) setStep('preview');
        else problemsRef.current?.focus();
      },
    });
  });
  useEffect(() => {
    if (step === 'preview') previewRef.current?.focus();
  }, [step]);

  const suggest = () => {
    const current = { metrics: getValues('metrics'), rates: getValues('rates') };
    const next = suggestMetrics(getValues('targets'), current);
    metrics.replace(next.metrics);
    rates.replace(next.rates);
    setSuggested({ metrics: next.metrics.length - current.metrics.length, rates: next.rates.length - current.rates.length });
  };

  const allProblems = [
    ...formProblems.map((p) => ({ field: p.field, message: t(`issue.formProblem.${p.code}`) })),
    ...serverProblems.map((p) => ({ field: fieldOfProblem(p.path), message: t(`issue.problem.${p.code}`) })),
  ];
  const sharedProps = { register, control, setValue, getValues, units, source, errorOf };

  return (
    <>
      <div hidden={step !== 'form'}>
        {draft && draft.unrecognized.length > 0 && source ? (
          <section className="card issue__unrecognized" aria-labelledby={`${id}-unrec`} data-testid="issue-unrecognized">
            <h2 id={`${id}-unrec`} className="card__title">
              <Icon name="alert" /> {t('issue.unrecognized.title', { count: draft.unrecognized.length })}
            </h2>
            <p className="hint">{t('issue.unrecognized.hint')}</p>
            <ul>
              {draft.unrecognized.map((u) => (
                <li key={`${u.span.start}:${u.span.end}`}>
                  <q>{quote(source, u.span)}</q>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <form onSubmit={(e) => void toPreview(e)} noValidate className="issue__form" data-testid="issue-form">
          <div ref={problemsRef} tabIndex={-1}>
            {allProblems.length > 0 ? (
              <div className="notice notice--error" role="alert" data-testid="issue-problems">
                <p>{t('issue.problemsTitle', { count: allProblems.length })}</p>
                <ul>
                  {allProblems.map((p, i) => (
                    <li key={i}>
                      {fieldLabel(t, p.field)}: {p.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {preview.isError ? <ErrorNotice error={preview.error} /> : null}
          </div>

          <fieldset className="card">
            <legend className="card__title">{t('issue.sections.document')}</legend>
            <TextInput name="reference" label={t('issue.field.reference')} hint={t('issue.referenceHint')} span={spans?.reference} {...sharedProps} testId="issue-reference" />
            <TextInput name="date" label={t('issue.field.date')} hint={t('dateField.hint')} span={spans?.date} {...sharedProps} testId="issue-date" />
            <TextInput name="place" label={t('issue.field.place')} span={spans?.place} {...sharedProps} testId="issue-place" />
            <TextInput name="subject" label={t('issue.field.subject')} span={spans?.subject} {...sharedProps} testId="issue-subject" multiline />
            <div className="field">
              <label htmlFor={`${id}-urgency`}>{t('issue.field.urgency')}</label>
              <select id={`${id}-urgency`} {...register('urgency')}>
                <option value="">{t('issue.urgency.none')}</option>
                <option value="Khẩn">Khẩn</option>
                <option value="Thượng khẩn">Thượng khẩn</option>
                <option value="Hỏa tốc">Hỏa tốc</option>
              </select>
              <SourceQuote source={source} span={spans?.urgency} />
            </div>
            <label className="checkbox">
              <input type="checkbox" {...register('keyTask')} /> {t('issue.field.keyTask')}
            </label>
          </fieldset>

          <fieldset className="card" data-testid="issue-recipients">
            <legend className="card__title">{t('issue.sections.recipients')}</legend>
            <p className="hint">{t('issue.recipientsHint')}</p>
            {recipients.fields.map((field, i) => (
              <div key={field.id} className="issue__row" data-testid="issue-recipient">
                <TextInput name={`recipients.${i}.text`} label={t('issue.field.recipientText')} span={field.span} {...sharedProps} />
                <GroupEditor name={`recipients.${i}.group`} {...sharedProps} />
                <RoleSelect name={`recipients.${i}.role`} register={register} />
                <button type="button" className="button button--secondary" onClick={() => recipients.remove(i)}>
                  {t('issue.remove')}
                </button>
              </div>
            ))}
            <FieldError message={errorOf('recipients')} />
            <p className="issue__subtitle">{t('issue.addRecipients')}</p>
            <div className="button-row" data-testid="issue-recipient-presets">
              {levelPresets(units).map((preset) => {
                const label = preset.key ? t(`issue.preset.${preset.key}`) : describeGroup(t, units, preset.group);
                return (
                  <button
                    key={`${preset.group.level}:${preset.group.kinds.join(',')}`}
                    type="button"
                    className="button button--secondary"
                    data-testid={`issue-preset-${preset.group.level}-${preset.group.kinds.join('-')}`}
                    onClick={() => recipients.append({ text: label, group: { ...preset.group, kinds: [...preset.group.kinds] }, role: 'lead', span: null })}
                  >
                    + {label}
                  </button>
                );
              })}
              <button
                type="button"
                className="button button--secondary"
                data-testid="issue-add-recipient-unit"
                onClick={() => recipients.append({ text: '', group: { type: 'units', unitIds: [] }, role: 'lead', span: null })}
              >
                + {t('issue.addRecipientUnit')}
              </button>
            </div>
          </fieldset>

          <fieldset className="card" data-testid="issue-tasks">
            <legend className="card__title">{t('issue.sections.tasks')}</legend>
            {tasks.fields.map((field, i) => (
              <TaskRow key={field.id} index={i} span={field.span} onRemove={() => tasks.remove(i)} {...sharedProps} />
            ))}
            <FieldError message={errorOf('tasks')} />
            <button type="button" className="button button--secondary" onClick={() => tasks.append({ text: '', assignees: [], span: null })} data-testid="issue-add-task">
              + {t('issue.addTask')}
            </button>
          </fieldset>

          <fieldset className="card" data-testid="issue-targets">
            <legend className="card__title">{t('issue.sections.targets')}</legend>
            {targets.fields.map((field, i) => (
              <div key={field.id} className="issue__row" data-testid="issue-target">
                <TextInput name={`targets.${i}.text`} label={t('issue.field.targetText')} span={field.span} {...sharedProps} multiline />
                <div className="issue__inline">
                  <TextInput name={`targets.${i}.value`} label={t('issue.field.targetValue')} {...sharedProps} />
                  <div className="field">
                    <label htmlFor={`${id}-tu-${i}`}>{t('issue.field.targetUnit')}</label>
                    <select id={`${id}-tu-${i}`} {...register(`targets.${i}.unit`)}>
                      <option value="percent">%</option>
                      <option value="count">{t('issue.targetUnit.count')}</option>
                    </select>
                  </div>
                  <TextInput name={`targets.${i}.due`} label={t('issue.field.targetDue')} {...sharedProps} />
                </div>
                <button type="button" className="button button--secondary" onClick={() => targets.remove(i)}>
                  {t('issue.remove')}
                </button>
              </div>
            ))}
            <div className="button-row">
              <button
                type="button"
                className="button button--secondary"
                data-testid="issue-add-target"
                onClick={() => targets.append({ text: '', value: '', unit: 'percent', due: '', span: null })}
              >
                + {t('issue.addTarget')}
              </button>
            </div>
            <h3>{t('issue.sections.metrics')}</h3>
            <p className="hint">{t('issue.metricsHint')}</p>
            <div className="button-row">
              <button type="button" className="button button--secondary" disabled={targets.fields.length === 0} onClick={suggest} data-testid="issue-suggest-metrics">
                {t('issue.suggestMetrics')}
              </button>
            </div>
            {suggested ? (
              <p className="hint" role="status" data-testid="issue-suggested">
                {suggested.metrics + suggested.rates > 0 ? t('issue.suggested', { metrics: suggested.metrics, rates: suggested.rates }) : t('issue.suggestedNone')}
              </p>
            ) : null}
            {metrics.fields.map((field, i) => (
              <div key={field.id} className="issue__inline" data-testid="issue-metric">
                <TextInput name={`metrics.${i}.key`} label={t('issue.field.metricKey')} {...sharedProps} />
                <TextInput name={`metrics.${i}.label`} label={t('issue.field.metricLabel')} {...sharedProps} />
                <label className="checkbox">
                  <input type="checkbox" {...register(`metrics.${i}.cumulative`)} /> {t('issue.field.cumulative')}
                </label>
                <button type="button" className="button button--secondary" onClick={() => metrics.remove(i)}>
                  {t('issue.remove')}
                </button>
              </div>
            ))}
            <button type="button" className="button button--secondary" onClick={() => metrics.append({ key: `m${metrics.fields.length + 1}`, label: '', cumulative: true })}>
              + {t('issue.addMetric')}
            </button>
            {rates.fields.map((field, i) => (
              <div key={field.id} className="issue__inline" data-testid="issue-rate">
                <TextInput name={`rates.${i}.label`} label={t('issue.field.rateLabel')} {...sharedProps} />
                {(['numerator', 'denominator'] as const).map((part) => (
                  <MetricSelect key={part} name={`rates.${i}.${part}`} label={t(`issue.field.${part}`)} metrics={metricRows ?? []} control={control} error={errorOf(`rates.${i}.${part}`)} />
                ))}
                <TextInput name={`rates.${i}.targetPercent`} label={t('issue.field.targetPercent')} {...sharedProps} />
                <button type="button" className="button button--secondary" onClick={() => rates.remove(i)}>
                  {t('issue.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => rates.append({ key: `r${rates.fields.length + 1}`, label: '', numerator: '', denominator: '', targetPercent: '' })}
            >
              + {t('issue.addRate')}
            </button>
          </fieldset>

          <fieldset className="card">
            <legend className="card__title">{t('issue.sections.deadlines')}</legend>
            {deadlines.fields.map((field, i) => (
              <div key={field.id} className="issue__row" data-testid="issue-deadline">
                <TextInput name={`deadlines.${i}.text`} label={t('issue.field.deadlineText')} span={field.span} {...sharedProps} multiline />
                <p className="hint">{field.owers ? t('issue.owedBy', { group: describeGroup(t, units, field.owers) }) : t('issue.owedByAll')}</p>
                <div className="issue__inline">
                  <TextInput name={`deadlines.${i}.due`} label={t('issue.field.due')} {...sharedProps} />
                  <TextInput name={`deadlines.${i}.time`} label={t('issue.field.time')} {...sharedProps} />
                </div>
                <button type="button" className="button button--secondary" onClick={() => deadlines.remove(i)}>
                  {t('issue.remove')}
                </button>
              </div>
            ))}
            <div className="button-row">
              <button
                type="button"
                className="button button--secondary"
                data-testid="issue-add-deadline"
                onClick={() => deadlines.append({ text: '', due: '', time: '', owers: null, span: null })}
              >
                + {t('issue.addDeadline')}
              </button>
            </div>
            <div className={`field${errorOf('coordinatorUnitId') ? ' field--invalid' : ''}`}>
              <label htmlFor={`${id}-coord`}>{t('issue.field.coordinator')}</label>
              <select id={`${id}-coord`} {...register('coordinatorUnitId')} data-testid="issue-coordinator">
                <option value="">{t('issue.none')}</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <SourceQuote source={source} span={spans?.coordinator} />
              <FieldError message={errorOf('coordinatorUnitId')} />
            </div>
          </fieldset>

          <fieldset className="card" data-testid="issue-tracking">
            <legend className="card__title">{t('issue.sections.tracking')}</legend>
            <fieldset className="issue__choice">
              <legend>{t('issue.field.acknowledge')}</legend>
              <label className="checkbox">
                <input type="radio" value="workingDays" {...register('ackType')} /> {t('issue.ack.workingDays')}
              </label>
              <label className="checkbox">
                <input type="radio" value="date" {...register('ackType')} data-testid="issue-ack-by-date" /> {t('issue.ack.date')}
              </label>
              {ackType === 'date' ? (
                <TextInput name="ackDate" label={t('issue.field.ackDate')} hint={t('dateField.hint')} {...sharedProps} testId="issue-ack-date" />
              ) : (
                <TextInput name="ackDays" label={t('issue.field.days')} {...sharedProps} />
              )}
            </fieldset>
            <fieldset className="issue__choice">
              <legend>{t('issue.field.report')}</legend>
              {(['dispatch', 'workingDays', 'date'] as const).map((type) => (
                <label key={type} className="checkbox">
                  <input type="radio" value={type} {...register('reportType')} data-testid={`issue-report-${type}`} /> {t(`issue.report.${type}`)}
                </label>
              ))}
              {reportType === 'date' ? <TextInput name="reportDate" label={t('issue.field.reportDate')} hint={t('dateField.hint')} {...sharedProps} testId="issue-report-date" /> : null}
              {reportType === 'workingDays' ? <TextInput name="reportDays" label={t('issue.field.days')} {...sharedProps} testId="issue-report-days" /> : null}
            </fieldset>
            <fieldset className={`issue__choice${errorOf('progressType') ? ' field--invalid' : ''}`} data-testid="issue-progress">
              <legend>{t('issue.field.progress')}</legend>
              <p className="hint">{t('issue.progressHint')}</p>
              {(['none', 'everyWorkingDays', 'weekly'] as const).map((type) => (
                <label key={type} className="checkbox">
                  <input type="radio" value={type} {...register('progressType')} data-testid={`issue-progress-${type}`} /> {t(`issue.progress.${type}`)}
                </label>
              ))}
              {progressType === 'everyWorkingDays' ? <TextInput name="progressDays" label={t('issue.field.progressDays')} {...sharedProps} testId="issue-progress-days" /> : null}
              {progressType === 'weekly' ? (
                <div className={`field${errorOf('progressWeekday') ? ' field--invalid' : ''}`}>
                  <label htmlFor={`${id}-weekday`}>{t('issue.field.progressWeekday')}</label>
                  <select id={`${id}-weekday`} {...register('progressWeekday')} data-testid="issue-progress-weekday">
                    {WEEKDAYS.map((d) => (
                      <option key={d} value={d}>
                        {t(`issue.weekday.${d}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError message={errorOf('progressWeekday')} />
                </div>
              ) : null}
              <FieldError message={errorOf('progressType')} />
            </fieldset>
            <fieldset className="issue__choice">
              <legend>{t('issue.field.reminders')}</legend>
              <label className="checkbox">
                <input type="checkbox" {...register('remindHalf')} /> {t('issue.remind.half')}
              </label>
              <label className="checkbox">
                <input type="checkbox" {...register('remindThreeQuarters')} /> {t('issue.remind.threeQuarters')}
              </label>
              <label className="checkbox">
                <input type="checkbox" {...register('remindDayBefore')} /> {t('issue.remind.dayBefore')}
              </label>
            </fieldset>
            <div className="issue__inline">
              <TextInput name="escalateParentAfter" label={t('issue.field.escalateParent')} {...sharedProps} />
              <TextInput name="escalateProvinceAfter" label={t('issue.field.escalateProvince')} {...sharedProps} />
            </div>
          </fieldset>

          <fieldset className="card">
            <legend className="card__title">{t('issue.sections.signer')}</legend>
            <TextInput name="signerCapacity" label={t('issue.field.signerCapacity')} hint={t('issue.signerHint')} span={spans?.signer?.capacity ?? null} {...sharedProps} />
            <TextInput name="signerName" label={t('issue.field.signerName')} span={spans?.signer?.name ?? null} {...sharedProps} />
          </fieldset>

          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={preview.isPending} data-testid="issue-preview">
              {preview.isPending ? t('issue.previewing') : t('issue.toPreview')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStep('source')}>
              {source === null ? t('issue.backToStart') : t('issue.backToSource')}
            </button>
          </div>
        </form>
      </div>
      {step === 'preview' && preview.data && definition ? (
        <PreviewStep
          preview={preview.data}
          definition={definition}
          headingRef={previewRef}
          issuing={issue.isPending}
          error={issue.error}
          onBack={() => setStep('form')}
          onIssue={() => issue.mutate(definition)}
        />
      ) : null}
    </>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

const PROBLEM_FIELDS = ['reference', 'date', 'place', 'subject', 'recipients', 'tasks', 'targets', 'deadlines', 'coordinatorUnitId', 'metrics', 'rates'] as const;
type ProblemField = (typeof PROBLEM_FIELDS)[number];
const LEVELS = ['province', 'district', 'commune'] as const;

/** A level's name, or its key when the scheme has a level these strings do not know. */
function levelName(t: Translate, level: string): string {
  return (LEVELS as readonly string[]).includes(level) ? t(`issue.level.${level as (typeof LEVELS)[number]}`) : level;
}

function kindName(t: Translate, kind: string): string {
  return (GROUP_KINDS as readonly string[]).includes(kind) ? t(`issue.kind.${kind as GroupKind}`) : kind;
}

function fieldLabel(t: Translate, field: string): string {
  const [head, index, sub] = field.split('.');
  const name =
    head && (PROBLEM_FIELDS as readonly string[]).includes(head)
      ? t(`issue.problemField.${head as ProblemField}`)
      : head?.startsWith('progress')
        ? t('issue.field.progress')
        : head?.startsWith('signer')
          ? t('issue.sections.signer')
          : t('issue.problemField.tracking');
  return index !== undefined && /^\d+$/.test(index) ? `${name} ${Number(index) + 1}${sub === 'assignees' ? ` · ${t('issue.assignees')}` : ''}` : name;
}

function describeGroup(t: Translate, units: readonly UnitOption[], group: GroupValue): string {
  if (group.type === 'unresolved') return t('issue.unresolved', { text: group.text });
  if (group.type === 'units') return group.unitIds.map((id) => unitName(units, id)).join(', ');
  return t('issue.levelGroup', { level: levelName(t, group.level), kinds: group.kinds.map((k) => kindName(t, k)).join(', ') });
}

interface Shared {
  register: UseFormRegister<IssueFormValues>;
  control: Control<IssueFormValues>;
  setValue: UseFormSetValue<IssueFormValues>;
  getValues: UseFormGetValues<IssueFormValues>;
  units: readonly UnitOption[];
  /** The dispatch's text; null for a blank form, which quotes nothing. */
  source: string | null;
  errorOf: (field: string) => string | null;
}

function SourceQuote({ source, span }: { source: string | null; span: Span | null | undefined }) {
  const { t } = useTranslation();
  const text = source === null ? null : quote(source, span);
  if (!text) return null;
  return (
    <p className="source-quote" data-testid="source-quote">
      <span className="visually-hidden">{t('issue.fromSource')}: </span>
      <q>{text}</q>
    </p>
  );
}

function FieldError({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id}>
      <Icon name="alert" /> {message}
    </p>
  );
}

function TextInput({
  name,
  label,
  hint,
  span,
  register,
  source,
  errorOf,
  testId,
  multiline,
}: Shared & { name: string; label: string; hint?: string; span?: Span | null; testId?: string; multiline?: boolean }) {
  const id = useId();
  const error = errorOf(name);
  const field = register(name as keyof IssueFormValues);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, 'data-testid': testId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...field} {...common} /> : <input type="text" autoComplete="off" {...field} {...common} />}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <SourceQuote source={source} span={span} />
      <FieldError message={error} id={`${id}-error`} />
    </div>
  );
}

/**
 * A rate's numerator or denominator among the metrics. Controlled: the metrics it names may appear in
 * the same render as the rate (the figures proposed from a target), and a select registered before
 * its option exists would show "—" while holding the key.
 */
function MetricSelect({
  name,
  label,
  metrics,
  control,
  error,
}: {
  name: `rates.${number}.numerator` | `rates.${number}.denominator`;
  label: string;
  metrics: readonly { key: string; label: string }[];
  control: Control<IssueFormValues>;
  error: string | null;
}) {
  const id = useId();
  const { field } = useController({ control, name });
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={field.name} ref={field.ref} value={field.value} onChange={field.onChange} onBlur={field.onBlur} aria-invalid={error ? true : undefined}>
        <option value="">—</option>
        {metrics.map((m) => (
          <option key={m.key} value={m.key}>
            {m.label || m.key}
          </option>
        ))}
      </select>
      <FieldError message={error} />
    </div>
  );
}

function RoleSelect({ name, register }: { name: `recipients.${number}.role` | `tasks.${number}.assignees.${number}.role`; register: UseFormRegister<IssueFormValues> }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('issue.field.role')}</label>
      <select id={id} {...register(name)}>
        {HANDLING_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`issue.role.${role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function GroupEditor({ name, control, setValue, getValues, units, errorOf }: Shared & { name: `recipients.${number}.group` | `tasks.${number}.assignees.${number}.group` }) {
  const { t } = useTranslation();
  const id = useId();
  const group = useWatch({ control, name }) as GroupValue;
  const error = errorOf(name) ?? errorOf(name.replace(/\.group$/, ''));
  const levels = [...new Set(units.map((u) => u.level))];
  const set = (value: GroupValue) => {
    // A recipient's "Kính gửi" line follows its group until the issuer writes one of their own.
    if (name.startsWith('recipients.')) {
      const textName = name.replace(/\.group$/, '.text') as `recipients.${number}.text`;
      const text = getValues(textName).trim();
      if (text === '' || text === describeGroup(t, units, group)) setValue(textName, describeGroup(t, units, value), { shouldDirty: true });
    }
    setValue(name, value, { shouldDirty: true });
  };
  return (
    <div className={`field issue__group${error ? ' field--invalid' : ''}`} data-testid="group-editor">
      {group.type === 'level' ? (
        <>
          <label htmlFor={`${id}-level`}>{t('issue.group.level')}</label>
          <select id={`${id}-level`} value={group.level} onChange={(e) => set({ ...group, level: e.target.value })}>
            {levels.map((level) => (
              <option key={level} value={level}>
                {levelName(t, level)}
              </option>
            ))}
          </select>
          <fieldset className="issue__kinds">
            <legend>{t('issue.group.kinds')}</legend>
            {GROUP_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="checkbox"
                  checked={group.kinds.includes(kind)}
                  onChange={(e) => set({ ...group, kinds: e.target.checked ? [...group.kinds, kind] : group.kinds.filter((k) => k !== kind) })}
                />
                {t(`issue.kind.${kind}`)}
              </label>
            ))}
          </fieldset>
        </>
      ) : group.type === 'units' && group.unitIds.length > 1 ? (
        <p>{group.unitIds.map((u) => unitName(units, u)).join(', ')}</p>
      ) : (
        <>
          {group.type === 'unresolved' ? (
            <p className="notice notice--warning" data-testid="group-unresolved">
              <Icon name="alert" /> {t('issue.unresolved', { text: group.text })}
            </p>
          ) : null}
          <label htmlFor={`${id}-unit`}>{t('issue.group.unit')}</label>
          <select
            id={`${id}-unit`}
            value={group.type === 'units' ? (group.unitIds[0] ?? '') : ''}
            onChange={(e) => (e.target.value === '' ? undefined : set({ type: 'units', unitIds: [e.target.value] }))}
          >
            <option value="">{t('issue.group.chooseUnit')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </>
      )}
      <FieldError message={error} />
    </div>
  );
}

function TaskRow({ index, span, onRemove, ...shared }: Shared & { index: number; span: Span | null; onRemove: () => void }) {
  const { t } = useTranslation();
  const assignees = useFieldArray({ control: shared.control, name: `tasks.${index}.assignees` });
  // Most tasks of a new directive go to everyone it addresses: one click adds every recipient group not yet here.
  const assignAll = () => {
    const present = new Set(shared.getValues(`tasks.${index}.assignees`).map((a) => JSON.stringify(a.group)));
    for (const r of shared.getValues('recipients')) {
      const usable = r.group.type === 'level' || (r.group.type === 'units' && r.group.unitIds.length > 0);
      if (!usable || present.has(JSON.stringify(r.group))) continue;
      present.add(JSON.stringify(r.group));
      assignees.append({ group: structuredClone(r.group), role: r.role, span: null });
    }
  };
  return (
    <div className="issue__row" data-testid="issue-task">
      <TextInput name={`tasks.${index}.text`} label={t('issue.field.task', { n: index + 1 })} span={span} {...shared} multiline />
      <p className="issue__subtitle">{t('issue.assignees')}</p>
      {assignees.fields.map((field, j) => (
        <div key={field.id} className="issue__assignee">
          <SourceQuote source={shared.source} span={field.span} />
          <GroupEditor name={`tasks.${index}.assignees.${j}.group`} {...shared} />
          {field.group.type !== 'level' ? <RoleSelect name={`tasks.${index}.assignees.${j}.role`} register={shared.register} /> : null}
          <button type="button" className="button button--secondary" onClick={() => assignees.remove(j)}>
            {t('issue.removeAssignee')}
          </button>
        </div>
      ))}
      <FieldError message={shared.errorOf(`tasks.${index}.assignees`)} />
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={assignAll} data-testid="issue-assign-all">
          + {t('issue.assignAll')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => assignees.append({ group: { type: 'units', unitIds: [] }, role: 'lead', span: null })}>
          + {t('issue.addUnit')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            const first = levelPresets(shared.units)[0]?.group ?? { type: 'level' as const, level: shared.units[0]?.level ?? '', kinds: ['people_committee' as const] };
            assignees.append({ group: { ...first, kinds: [...first.kinds] }, role: 'lead', span: null });
          }}
        >
          + {t('issue.addLevel')}
        </button>
        <button type="button" className="button button--secondary" onClick={onRemove}>
          {t('issue.removeTask')}
        </button>
      </div>
    </div>
  );
}

function PreviewStep({
  preview,
  definition,
  headingRef,
  issuing,
  error,
  onBack,
  onIssue,
}: {
  preview: Preview;
  definition: Definition;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  issuing: boolean;
  error: unknown;
  onBack: () => void;
  onIssue: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const conflict = preview.existing === 'conflict';
  const progress = definition.tracking.progressReports;
  const countAt = (level: string) => preview.levels.find((l) => l.level === level)?.withoutReportDeadline ?? 0;
  return (
    <section className="card issue__preview" aria-labelledby={`${id}-title`} data-testid="issue-preview-result">
      <h2 id={`${id}-title`} className="card__title" ref={headingRef} tabIndex={-1}>
        {t('issue.preview.title', { reference: definition.reference, date: formatDate(definition.date) })}
      </h2>
      <p className="overview__subject">{definition.subject}</p>
      <p className="hint">{t('issue.preview.asOf', { at: formatDateTime(preview.issuedAt) })}</p>
      {preview.existing === 'same' ? <p className="notice notice--warning">{t('issue.preview.same')}</p> : null}
      {conflict ? (
        <p className="notice notice--error" role="alert">
          {t('issue.preview.conflict')}
        </p>
      ) : null}
      {progress ? (
        <p data-testid="issue-progress-summary">
          {progress.type === 'weekly'
            ? t('issue.preview.progressWeekly', { weekday: t(`issue.weekday.${String(progress.weekday) as (typeof WEEKDAYS)[number]}`) })
            : t('issue.preview.progressEvery', { days: formatNumber(progress.days) })}
        </p>
      ) : null}
      {preview.notices.map((n) => (
        <p key={`${n.code}:${n.level}`} className="notice notice--warning" data-testid="issue-notice" data-code={n.code}>
          <Icon name="alert" /> {t(`issue.notice.${n.code}`, { level: levelName(t, n.level), count: formatNumber(countAt(n.level)) })}
        </p>
      ))}
      <div className="table-wrap">
        <table className="children" data-testid="issue-levels">
          <caption className="children__caption">{t('issue.preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('issue.preview.level')}</th>
              <th scope="col">{t('issue.preview.units')}</th>
              <th scope="col">{t('issue.preview.acknowledgeBy')}</th>
              <th scope="col">{t('issue.preview.reportBy')}</th>
              <th scope="col">{t('issue.preview.progress')}</th>
              <th scope="col">{t('issue.preview.escalation')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.levels.map((level) => (
              <tr key={level.level} data-level={level.level}>
                <th scope="row">{levelName(t, level.level)}</th>
                <td data-label={t('issue.preview.units')}>
                  <span className="num">{formatNumber(level.units)}</span>
                  <span className="hint">
                    {' '}
                    ({Object.entries(level.kinds)
                      .map(([kind, n]) => `${kindName(t, kind)}: ${formatNumber(n)}`)
                      .join('; ')}
                    )
                  </span>
                  <span className="hint issue__sample">
                    {level.sample.join(', ')}
                    {level.units > level.sample.length ? '…' : ''}
                  </span>
                </td>
                <td data-label={t('issue.preview.acknowledgeBy')}>{formatDateTime(level.acknowledgeBy)}</td>
                <td data-label={t('issue.preview.reportBy')}>
                  {level.reportBy
                    ? level.reportBy.earliest === level.reportBy.latest
                      ? formatDateTime(level.reportBy.earliest)
                      : t('issue.preview.range', { from: formatDateTime(level.reportBy.earliest), to: formatDateTime(level.reportBy.latest) })
                    : t('issue.none')}
                  {level.reportBy && level.withoutReportDeadline > 0 ? (
                    <span className="hint issue__sample">{t('issue.preview.withoutReport', { count: formatNumber(level.withoutReportDeadline) })}</span>
                  ) : null}
                </td>
                <td data-label={t('issue.preview.progress')} data-testid="issue-level-progress">
                  {level.progress ? (
                    <>
                      {t('issue.preview.periods', { count: formatNumber(level.progress.periods) })}
                      <span className="hint issue__sample">
                        {level.progress.first.map((d, i) => t('issue.preview.period', { number: i + 1, date: formatDate(d) })).join('; ')}
                        {level.progress.periods > level.progress.first.length ? '; …' : ''}
                      </span>
                    </>
                  ) : (
                    t('issue.none')
                  )}
                </td>
                <td data-label={t('issue.preview.escalation')}>{level.firstEscalationAt ? formatDateTime(level.firstEscalationAt) : t('issue.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <div data-testid="issue-error" data-code={domainCodeOf(error) ?? undefined}>
          <ErrorNotice error={error} />
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={issuing || conflict} onClick={onIssue} data-testid="issue-confirm">
          {issuing ? t('issue.issuing') : t('issue.confirm')}
        </button>
        <button type="button" className="button button--secondary" disabled={issuing} onClick={onBack}>
          {t('issue.backToForm')}
        </button>
      </div>
    </section>
  );
}
