import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Inputs, Outputs } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { DateField } from '../../components/form/DateField';
import { Field, filled, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { parseDisplayDate, vietnamDay } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';

type Unit = Outputs['units']['tree'][number];
type Change = Inputs['units']['preview'];
type Plan = Outputs['units']['preview'];
type Action = 'rename' | 'add' | 'merge' | 'split';

interface Values {
  action: Action;
  resolution: string;
  effectiveFrom: string;
  unitId: string;
  name: string;
  code: string;
  parentId: string;
  from: string[];
  into: string;
  splitNames: string;
}

const EMPTY: Values = { action: 'rename', resolution: '', effectiveFrom: '', unitId: '', name: '', code: '', parentId: '', from: [], into: '', splitNames: '' };

/** The change the form describes, as the API takes it. */
function changeOf(v: Values): Change {
  const legal = { resolution: v.resolution, effectiveFrom: parseDisplayDate(v.effectiveFrom) ?? v.effectiveFrom };
  const code = v.code.trim() === '' ? {} : { code: v.code };
  switch (v.action) {
    case 'rename':
      return { change: { kind: 'rename', unitId: v.unitId, name: v.name }, legal };
    case 'add':
      return { change: { kind: 'add', parentId: v.parentId, name: v.name, ...code }, legal };
    case 'merge':
      return { change: { kind: 'merge', from: v.from, into: v.into === '' ? { name: v.name, ...code } : { unitId: v.into } }, legal };
    case 'split':
      return {
        change: {
          kind: 'split',
          from: v.unitId,
          into: v.splitNames
            .split('\n')
            .map((n) => n.trim())
            .filter((n) => n !== '')
            .map((name) => ({ name })),
        },
        legal,
      };
  }
}

/** Why the server refused a field (`data.fields[0].code` of INVALID_INPUT), if it said. */
function reasonOf(error: unknown): string | null {
  const fields = (error as { data?: { fields?: Array<{ code?: unknown }> } } | null)?.data?.fields;
  const code = Array.isArray(fields) ? fields[0]?.code : undefined;
  return typeof code === 'string' ? code : null;
}

/**
 * "Quản lý đơn vị hành chính": the units of the administrator's province as a tree, and one change at
 * a time (rename, add, merge, split) with its resolution and effective date. "Xem trước" shows what
 * the change does, to the units and to each running directive (the reorganisation engine's plan),
 * before "Áp dụng" writes it.
 */
export function AdminUnits() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const tree = useQuery(trpc.units.tree.queryOptions());
  const form = useForm<Values>({ defaultValues: EMPTY, mode: 'onTouched' });
  const values = useWatch({ control: form.control }) as Values;
  const [notice, setNotice] = useState<string | null>(null);
  const preview = useMutation(trpc.units.preview.mutationOptions());
  const asked: Change | null = preview.isSuccess ? preview.variables : null;
  const setAsked = (change: Change | null) => (change === null ? preview.reset() : preview.mutate(change));
  const apply = useMutation(
    trpc.units.applyChange.mutationOptions({
      onSuccess: (done) => {
        setAsked(null);
        form.reset({ ...EMPTY, action: form.getValues('action'), resolution: form.getValues('resolution'), effectiveFrom: form.getValues('effectiveFrom') });
        setNotice(t('units.applied', { basis: done.basis, count: done.directiveCount }));
      },
    }),
  );

  if (tree.isPending) return <Loading />;
  if (tree.isError) return <ErrorNotice error={tree.error} onRetry={() => void tree.refetch()} />;
  const units = tree.data;
  // Units in force on the effective date typed (today's until one is), the ones a change may name.
  const day = parseDisplayDate(values.effectiveFrom ?? '') ?? vietnamDay(new Date().toISOString())!;
  const inForce = units.filter((u) => (u.validFrom === null || u.validFrom <= day) && (u.validTo === null || day <= u.validTo));
  const parents = inForce.filter((u) => units.some((c) => c.parentId === u.id));
  const children = inForce.filter((u) => u.parentId !== null && u.parentId === values.parentId);
  const refused = preview.error ?? apply.error;
  const reason = refused ? reasonOf(refused) : null;

  const unitSelect = (name: 'unitId' | 'parentId', label: string, options: readonly Unit[], testId: string) => (
    <Field<Values> name={name} label={label} rules={{ validate: filled('units.pickUnit') }}>
      {(control) => (
        <select {...control} data-testid={testId}>
          <option value="">{t('units.choose')}</option>
          {options.map((u) => (
            <option key={u.id} value={u.id}>
              {'\u00a0'.repeat(u.depth * 2)}
              {u.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <div className="page admin-page units-page">
      <p className="no-print">
        <a href={hrefFor({ name: 'admin' })}>{t('admin.title')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('units.title')}
      </h1>
      <p className="hint">{t('units.intro')}</p>
      {notice ? (
        <p className="notice notice--success" role="status" data-testid="units-applied">
          {notice}
        </p>
      ) : null}

      <Form<Values>
        form={form}
        testId="units-form"
        onSubmit={(v) => {
          setNotice(null);
          apply.reset();
          setAsked(changeOf(v));
        }}
      >
        <fieldset className="units-form__legal">
          <legend>{t('units.legal')}</legend>
          <Field<Values> name="resolution" label={t('units.resolution')} hint={t('units.resolutionHint')} rules={{ validate: filled('units.resolutionRequired') }}>
            {(control) => <input type="text" {...control} data-testid="units-resolution" />}
          </Field>
          <DateField<Values> name="effectiveFrom" label={t('units.effectiveFrom')} testId="units-effective" />
        </fieldset>
        <Field<Values> name="action" label={t('units.action')}>
          {(control) => (
            <select
              {...control}
              data-testid="units-action"
              onChange={(e) => {
                void control.onChange(e);
                setAsked(null);
              }}
            >
              {(['rename', 'add', 'merge', 'split'] as const).map((a) => (
                <option key={a} value={a}>
                  {t(`units.actions.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.action === 'rename' ? (
          <>
            {unitSelect('unitId', t('units.unit'), inForce, 'units-unit')}
            <Field<Values> name="name" label={t('units.newName')} rules={{ validate: filled('units.nameRequired') }}>
              {(control) => <input type="text" {...control} data-testid="units-name" />}
            </Field>
          </>
        ) : null}
        {values.action === 'add' ? (
          <>
            {unitSelect('parentId', t('units.parent'), inForce, 'units-parent')}
            <Field<Values> name="name" label={t('units.name')} rules={{ validate: filled('units.nameRequired') }}>
              {(control) => <input type="text" {...control} data-testid="units-name" />}
            </Field>
            <Field<Values> name="code" label={t('units.code')} hint={t('units.codeHint')}>
              {(control) => <input type="text" inputMode="numeric" {...control} data-testid="units-code" />}
            </Field>
          </>
        ) : null}
        {values.action === 'merge' ? (
          <>
            {unitSelect('parentId', t('units.mergeParent'), parents, 'units-parent')}
            {children.length > 0 ? (
              <fieldset className="units-form__parts" data-testid="units-from">
                <legend>{t('units.mergeFrom')}</legend>
                {children.map((u) => (
                  <label key={u.id} className="checkbox">
                    <input type="checkbox" value={u.id} {...form.register('from')} /> {u.name}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <Field<Values> name="into" label={t('units.mergeInto')}>
              {(control) => (
                <select {...control} data-testid="units-into">
                  <option value="">{t('units.newUnit')}</option>
                  {children.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {values.into === '' ? (
              <>
                <Field<Values> name="name" label={t('units.newUnitName')} rules={{ validate: (v) => values.action !== 'merge' || values.into !== '' || filled('units.nameRequired')(v) }}>
                  {(control) => <input type="text" {...control} data-testid="units-name" />}
                </Field>
                <Field<Values> name="code" label={t('units.code')} hint={t('units.codeHint')}>
                  {(control) => <input type="text" inputMode="numeric" {...control} data-testid="units-code" />}
                </Field>
              </>
            ) : null}
          </>
        ) : null}
        {values.action === 'split' ? (
          <>
            {unitSelect('unitId', t('units.splitFrom'), inForce, 'units-unit')}
            <Field<Values> name="splitNames" label={t('units.splitInto')} hint={t('units.splitHint')} rules={{ validate: filled('units.nameRequired') }}>
              {(control) => <textarea rows={3} {...control} data-testid="units-split-names" />}
            </Field>
          </>
        ) : null}
        <FormActions submitLabel={t('units.preview')} pending={preview.isPending} pendingLabel={t('units.previewing')} submitTestId="units-preview" />
      </Form>

      {refused ? (
        <div>
          <ErrorNotice error={refused} />
          {reason ? (
            <p className="field__error" data-testid="units-reason">
              {t(`units.reasons.${reason}`, { defaultValue: '' })}
            </p>
          ) : null}
        </div>
      ) : null}
      {asked !== null && preview.data ? (
        <PlanView plan={preview.data} pending={apply.isPending} onApply={() => apply.mutate(asked)} onCancel={() => setAsked(null)} />
      ) : null}

      <section className="units-tree" aria-labelledby="units-tree-title">
        <h2 id="units-tree-title">{t('units.treeTitle', { count: units.length })}</h2>
        <ul className="units-tree__list" data-testid="units-tree">
          {units.map((u) => (
            <li key={u.id} style={{ paddingInlineStart: `${u.depth}rem` }} data-unit-id={u.id} className={u.validTo !== null ? 'units-tree__ended' : undefined}>
              {u.name}
              {u.code ? <span className="hint"> · {u.code}</span> : null}
              {u.validFrom ? <span className="hint"> · {t('units.from', { date: formatDate(u.validFrom) })}</span> : null}
              {u.validTo ? <span className="hint"> · {t('validity.until', { date: formatDate(u.validTo) })}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The preview: what the change writes, and each running directive's plan, then Áp dụng. */
function PlanView({ plan, pending, onApply, onCancel }: { plan: Plan; pending: boolean; onApply: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const names = (list: ReadonlyArray<{ name: string }>) => list.map((u) => u.name).join(', ');
  return (
    <section className="card units-plan" aria-labelledby="units-plan-title" data-testid="units-plan">
      <h2 id="units-plan-title">{t('units.planTitle')}</h2>
      <p>
        <strong>{t('units.basis')}</strong> {plan.basis}
      </p>
      {plan.kind === 'rename' ? <p data-testid="units-plan-renamed">{t('units.renamedTo', { name: plan.units[0]?.name ?? '' })}</p> : null}
      {plan.created.length > 0 ? <p data-testid="units-plan-created">{t('units.created', { names: names(plan.created) })}</p> : null}
      {plan.ended.length > 0 ? <p data-testid="units-plan-ended">{t('units.ended', { names: names(plan.ended) })}</p> : null}
      {plan.kind === 'merge' || plan.kind === 'split' ? (
        <>
          <h3>{t('units.directives', { count: plan.directiveCount })}</h3>
          <ul className="units-plan__directives" data-testid="units-plan-directives">
            {plan.directives.map((d) => (
              <li key={d.directiveId}>
                <strong>{d.reference}</strong>
                <ul>
                  {d.successors.map((s) => (
                    <li key={s.unit.id}>{t('units.successor', { unit: s.unit.name, from: names(s.from) })}</li>
                  ))}
                  {d.joins.map((j) => (
                    <li key={j.unit.id}>{t('units.join', { unit: j.unit.name, from: names(j.from) })}</li>
                  ))}
                  {d.decisions.map((x) => (
                    <li key={x.unit.id}>{t('units.decision', { unit: x.unit.name, choices: names(x.choices) })}</li>
                  ))}
                  {d.ending.length > 0 ? <li>{t('units.ending', { names: names(d.ending) })}</li> : null}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={pending} onClick={onApply} data-testid="units-apply">
          {pending ? t('units.applying') : t('units.apply')}
        </button>
        <button type="button" className="button button--secondary" disabled={pending} onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </section>
  );
}
