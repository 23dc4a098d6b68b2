import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { Icon } from '../../components/Icon';
import { definitionFromForm, fieldOfProblem, quote, type Definition, type Draft, type FormProblem, type IssueFormValues, type IssuerOption, type ParseResult, type UnitOption } from '../../lib/issue';
import { hrefFor, type IssueStep } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { BasisSection } from './BasisSection';
import { DeadlinesSection } from './DeadlinesSection';
import { ExchangeSection } from './ExchangeSection';
import { fieldLabel } from './names';
import { PreviewStep } from './PreviewStep';
import { RecipientsSection } from './RecipientsSection';
import { SourceFileContext, SourcePage } from './SourcePage';
import { DocumentSection, SignerSection } from './sections';
import { TargetsSection } from './TargetsSection';
import { TasksSection } from './TasksSection';
import { TrackingSection } from './TrackingSection';
import { UnitTargetsSection } from './UnitTargetsSection';
import type { Upload } from '../../lib/files';


export interface DraftFormProps {
  /** The dispatch's text, for the quotes under the fields; null for a blank form. */
  source: string | null;
  draft: Draft | null;
  /** Pictures of the pages of the PDF or picture the draft was read from, shown under the quotes. */
  pages?: ParseResult['pages'];
  issuer: IssuerOption;
  units: readonly UnitOption[];
  defaults: IssueFormValues;
  /** The step the address names; the preview shows only while it is of the form as it stands. */
  step: IssueStep;
  setStep: (s: IssueStep) => void;
  /** Called with the form's values as they change, to keep them on the device. */
  onChange: (values: IssueFormValues) => void;
  /** The directive was issued: the kept draft is done with. */
  onIssued: () => void;
  /** The PDF or scan the draft was read from: attached as the directive's original once it is issued. */
  original?: Upload | null;
}

export function DraftForm({ source, draft, pages, issuer, units, defaults, step: asked, setStep, onChange, onIssued, original = null }: DraftFormProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const spans = draft?.spans ?? null;
  const layout = draft?.layout;
  const file = useMemo(() => (layout ? { layout, pages: pages ?? [] } : null), [layout, pages]);
  const form = useForm<IssueFormValues>({ defaultValues: defaults });
  const { register, control, setValue, getValues } = form;
  const [formProblems, setFormProblems] = useState<FormProblem[]>([]);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const preview = useMutation(trpc.directives.preview.mutationOptions());
  const attach = useMutation(trpc.directives.attachOriginal.mutationOptions());
  const issue = useMutation(
    trpc.directives.issue.mutationOptions({
      onSuccess: async (result) => {
        // The file the draft was read from becomes its original; should that fail, the document's page
        // offers to attach it again (issuing is done either way).
        const attached = original === null ? true : await attach.mutateAsync({ directiveId: result.directiveId, file: original }).then(() => true, () => false);
        onIssued();
        // Replaced, not pushed: Back from the directive does not return to a form already issued.
        window.location.replace(hrefFor(attached ? { name: 'directive', directiveId: result.directiveId, trail: [] } : { name: 'document', directiveId: result.directiveId }));
      },
    }),
  );
  const problemsRef = useRef<HTMLDivElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);

  const serverProblems = preview.data?.problems ?? [];
  const errorOf = (field: string): string | null => {
    const own = formProblems.find((p) => p.field === field);
    if (own) return t(`issue.formProblem.${own.code}`);
    const server = serverProblems.find((p) => fieldOfProblem(p.path) === field);
    return server ? t(`issue.problem.${server.code}`) : null;
  };

  const toPreview = (values: IssueFormValues) => {
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
  };
  // Every change is kept on the device; and the previewed definition no longer is the form, so it is
  // dropped (Forward to the preview then shows the form, to be previewed again, never an outdated
  // preview to issue). The preview's problems stay beside their fields until the next preview.
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    const subscription = form.watch((values) => {
      changed.current(values as IssueFormValues);
      setDefinition(null);
    });
    return () => subscription.unsubscribe();
  }, [form]);
  const previewed = preview.data !== undefined && preview.data.problems.length === 0 && definition !== null;
  const step: IssueStep = asked === 'preview' && !previewed ? 'draft' : asked;
  useEffect(() => {
    if (step === 'preview') previewRef.current?.focus();
  }, [step]);

  const allProblems = [
    ...formProblems.map((p) => ({ field: p.field, message: t(`issue.formProblem.${p.code}`) })),
    ...serverProblems.map((p) => ({ field: fieldOfProblem(p.path), message: t(`issue.problem.${p.code}`) })),
  ];
  const sectionProps = { register, control, setValue, getValues, units, issuer, source, errorOf, spans };

  return (
    <SourceFileContext.Provider value={file}>
      <div hidden={step !== 'draft'}>
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
                  <SourcePage span={u.span} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <Form form={form} onSubmit={toPreview} className="issue__form" testId="issue-form">
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

          <ExchangeSection draft={draft} />

          <DocumentSection {...sectionProps} />

          <BasisSection draft={draft} source={source} control={control} setValue={setValue} issuer={issuer} errorOf={errorOf} />

          <RecipientsSection {...sectionProps} />

          <TasksSection {...sectionProps} />

          <TargetsSection {...sectionProps} />

          <UnitTargetsSection draft={draft} source={source} units={units} />

          <DeadlinesSection {...sectionProps} />

          <TrackingSection {...sectionProps} />

          <SignerSection {...sectionProps} />

          <FormActions
            submitLabel={t('issue.toPreview')}
            pendingLabel={t('issue.previewing')}
            pending={preview.isPending}
            submitTestId="issue-preview"
            onCancel={() => setStep('source')}
            cancelLabel={source === null ? t('issue.backToStart') : t('issue.backToSource')}
          />
        </Form>
      </div>
      {step === 'preview' && preview.data && definition ? (
        <PreviewStep
          preview={preview.data}
          definition={definition}
          headingRef={previewRef}
          issuing={issue.isPending}
          error={issue.error}
          onBack={() => window.history.back()}
          onIssue={() => issue.mutate(definition)}
        />
      ) : null}
    </SourceFileContext.Provider>
  );
}
