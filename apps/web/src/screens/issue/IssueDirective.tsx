import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vietnamDay } from '../../lib/dates';
import { blankForm, formFromDraft, type IssueFormValues } from '../../lib/issue';
import { deviceDrafts } from '../../device';
import { clearIssueDraft, loadIssueDraft, saveIssueDraft, type IssueStart } from '../../lib/issueDraft';
import { hrefFor, type IssueStep } from '../../lib/route';
import { useTRPC } from '../../trpc';
import { DraftForm } from './DraftForm';
import { BlankStart, SourceStep } from './SourceStep';
import type { Upload } from '../../lib/files';

/**
 * "Ban hành văn bản chỉ đạo": paste or upload a dispatch and correct the draft read from it (each
 * field quoting the text it came from), or write one on a blank form; preview who receives it and
 * by when, then issue it. Each step has its address (#/issue, #/issue/draft, #/issue/preview), so the
 * browser's Back and Forward move between them, and the draft is kept on the device until it is
 * issued (lib/issueDraft.ts), so a reload finds it as it was left.
 */
export function IssueDirective({ userId, step: asked }: { userId: string; step: IssueStep }) {
  const { t } = useTranslation();
  const [saved] = useState(() => loadIssueDraft(deviceDrafts, userId));
  const [start, setStart] = useState<IssueStart | null>(saved?.start ?? null);
  // The PDF or scan the draft was read from, attached as the original once issued (this visit only: not kept on the device).
  const [original, setOriginal] = useState<Upload | null>(null);
  // The issuer's province's settings, which a dispatch's form starts from (the same query as "Soạn mới"'s).
  const trpc = useTRPC();
  const provinceDefaults = useQuery(trpc.directives.issueOptions.queryOptions(undefined, { staleTime: 5 * 60_000 })).data?.defaults;
  // Once issued, nothing is kept again: the form reports its values as its fields unmount on the way
  // to the directive's page, and those would bring the issued draft back. A new start keeps again.
  const issued = useRef(false);
  const goTo = (step: IssueStep) => {
    window.location.hash = hrefFor({ name: 'issue', step });
  };
  const begin = (next: IssueStart) => {
    issued.current = false;
    setStart(next);
    saveIssueDraft(deviceDrafts, userId, { start: next });
    goTo('draft');
  };
  // Nothing to show past the first step without a draft (an address typed or kept from another time).
  const step: IssueStep = start === null ? 'source' : asked;
  // Changing step hides the panel that held focus ("Đọc", "Soạn mới", the way back): focus goes to
  // the page's heading, followed by the list of steps naming the current one, instead of the body.
  // The preview focuses its own heading (DraftForm).
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    if (step !== 'preview') heading.current?.focus();
  }, [step]);
  const keep = (values: IssueFormValues) => {
    if (start && !issued.current) saveIssueDraft(deviceDrafts, userId, { start, values });
  };
  const draftProps = {
    step,
    setStep: goTo,
    onChange: keep,
    onIssued: () => {
      issued.current = true;
      clearIssueDraft(deviceDrafts, userId);
      // The form is done with. Should this page still be showing when the person opens "Ban hành" again
      // (the directive's page not drawn yet on a slow phone), it starts afresh, not with the issued text.
      setStart(null);
    },
  };
  return (
    <div className="page issue">
      <h1 id="page-title" tabIndex={-1} ref={heading}>
        {t('issue.title')}
      </h1>
      <ol className="steps" aria-label={t('issue.stepsLabel')}>
        {(['source', 'draft', 'preview'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {t(`issue.steps.${s === 'draft' ? 'form' : s}`)}
          </li>
        ))}
      </ol>
      <div hidden={step !== 'source'}>
        <BlankStart
          onStart={(options) => {
            // Back from a blank form and "Soạn mới" again: the same form, as it was left.
            if (start?.kind === 'blank') goTo('draft');
            else begin({ kind: 'blank', options });
          }}
        />
        <SourceStep
          onParsed={(parsed, file) => {
            setOriginal(file);
            begin({ kind: 'parsed', parsed });
          }}
        />
      </div>
      {start?.kind === 'parsed' ? (
        <DraftForm
          key={`parsed:${start.parsed.source}`}
          source={start.parsed.source}
          draft={start.parsed.draft}
          pages={start.parsed.pages}
          original={original}
          issuer={start.parsed.issuer}
          units={start.parsed.units}
          defaults={(saved?.start === start ? saved.values : undefined) ?? formFromDraft(start.parsed.draft, provinceDefaults)}
          {...draftProps}
        />
      ) : null}
      {start?.kind === 'blank' ? (
        <DraftForm
          key="blank"
          source={null}
          draft={null}
          issuer={start.options.issuer}
          units={start.options.units}
          defaults={(saved?.start === start ? saved.values : undefined) ?? blankForm({ place: start.options.place, today: vietnamDay(new Date().toISOString())!, defaults: start.options.defaults })}
          {...draftProps}
        />
      ) : null}
    </div>
  );
}
